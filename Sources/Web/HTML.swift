/// Escapes text for HTML element content and attribute values.
enum HTML {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A complete, self-contained page: no script, nothing loaded from elsewhere.
    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(escape(title)) · CareerOps</title>
        <style>
        body { font: 1rem/1.5 system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
        label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
        input { width: 100%; padding: .5rem; font: inherit; box-sizing: border-box; }
        button { margin-top: 1rem; padding: .5rem 1rem; font: inherit; }
        :focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
        .error { color: #b91c1c; }
        </style>
        </head>
        <body>
        <main>
        <h1>\(escape(title))</h1>
        \(body)
        </main>
        </body>
        </html>
        """
    }
}
