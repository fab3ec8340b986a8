// OpenBLAS's CBLAS interface (Debian: libopenblas-dev), for the text encoder's matrix products.
#include <cblas.h>
