/// The opening every chart shares: an accessible standalone SVG on a white ground, titled
/// for screen readers.
enum SVGDocument {
    /// `titleID` must be unique in the page when several charts sit inline in one document.
    static func opening(width: Double, height: Double, title: String, fontSize: Int, titleID: String = "chart-title") -> [String] {
        let w = number(width), h = number(height)
        return [
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(w)" height="\#(h)" viewBox="0 0 \#(w) \#(h)" role="img" aria-labelledby="\#(titleID)" font-family="Arial, Helvetica, sans-serif" font-size="\#(fontSize)">"#,
            #"<title id="\#(titleID)">\#(XMLText.escape(title))</title>"#,
            ##"<rect width="100%" height="100%" fill="#ffffff"/>"##,
        ]
    }

    /// Whole numbers as they are, others to one decimal place.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
