/// The opening every chart shares: an accessible standalone SVG on a white ground, titled
/// for screen readers.
enum SVGDocument {
    static func opening(width: Double, height: Double, title: String, fontSize: Int) -> [String] {
        let w = number(width), h = number(height)
        return [
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(w)" height="\#(h)" viewBox="0 0 \#(w) \#(h)" role="img" aria-labelledby="chart-title" font-family="Arial, Helvetica, sans-serif" font-size="\#(fontSize)">"#,
            #"<title id="chart-title">\#(XMLText.escape(title))</title>"#,
            ##"<rect width="100%" height="100%" fill="#ffffff"/>"##,
        ]
    }

    /// Whole numbers as they are, others to one decimal place.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
