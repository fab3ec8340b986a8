/// The Intelligence module. Its features arrive with their own issues; the module exists now so that
/// the dependency rules between modules are enforced from the first commit.
public enum IntelligenceModule {
    public static let name = "Intelligence"
}
