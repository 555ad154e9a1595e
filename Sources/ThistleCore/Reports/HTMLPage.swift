/// A plain, printable HTML page with its styles inside, for files that leave Thistle.
public enum HTMLPage {
    /// A page that needs nothing else to show or print; `style` adds to the shared styles.
    public static func standalone(title: String, body: String, style: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head><meta charset="utf-8"><title>\(XMLText.escape(title))</title>
        <style>body{font-family:Arial,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#0b0c0c}h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.5em}.status{color:#505a5f}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #b1b4b6;padding:.4em;text-align:left;vertical-align:top}code{font-size:.85em;word-break:break-all}\(style)</style>
        </head>
        <body><main>
        \(body)</main></body>
        </html>

        """
    }
}
