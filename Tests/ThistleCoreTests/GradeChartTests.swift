import Testing
@testable import ThistleCore

@Suite("Grade chart")
struct GradeChartTests {
    let chart = GradeChart(
        title: "Grades <by> area & review",
        scale: .sixPoint,
        categories: ["Area 1", "Area 2"],
        series: [.init(name: "Inspection 2017", values: [2, 3]), .init(name: "Self-evaluation", values: [4, nil])])

    @Test("is standalone SVG with a title")
    func wellFormed() {
        let svg = chart.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains("<title id=\"chart-title\">Grades &lt;by&gt; area &amp; review</title>"))
    }

    @Test("labels every bar in words and says when nothing was graded")
    func labels() {
        let svg = chart.svg()
        #expect(svg.contains(">Weak (2)<"))
        #expect(svg.contains(">Adequate (3)<"))
        #expect(svg.contains(">Good (4)<"))
        #expect(svg.contains(">not graded<"))
    }

    @Test("bar length is proportional to the grade")
    func proportional() {
        #expect(chart.barLength(6) == chart.plotWidth)
        #expect(chart.barLength(3) == chart.plotWidth / 2)
    }

    @Test("escapes text for XML")
    func escaping() {
        #expect(XMLText.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;")
    }
}
