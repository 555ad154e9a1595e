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

@Suite("Agreement chart")
struct AgreementChartTests {
    func distribution(_ counts: [Agreement: Int]) -> AgreementDistribution {
        AgreementDistribution(counts: counts)
    }

    @Test("disagreement lies left of the centre and agreement right, neither split across it")
    func diverging() {
        let segments = AgreementChart.segments(distribution([.stronglyDisagree: 10, .disagree: 10, .neither: 20, .agree: 40, .stronglyAgree: 20, .dontKnow: 50]))
        let byAnswer = Dictionary(uniqueKeysWithValues: segments.map { ($0.0, ($0.1, $0.2)) })
        let plot = AgreementChart.plotWidth
        let centre = AgreementChart.centre
        #expect(abs(byAnswer[.neither]!.0 - (centre - 0.05 * plot)) < 1e-9)
        #expect(abs(byAnswer[.disagree]!.0 + byAnswer[.disagree]!.1 - byAnswer[.neither]!.0) < 1e-9)
        #expect(abs(byAnswer[.agree]!.0 - (centre + 0.05 * plot)) < 1e-9)
        let total = segments.reduce(0) { $0 + $1.2 }
        #expect(abs(total - plot / 2) < 1e-9, "a bar of all views spans half the plot; don't know takes no width")
        let allAgree = AgreementChart.segments(distribution([.stronglyAgree: 5]))
        #expect(abs(allAgree[0].1 + allAgree[0].2 - (centre + plot / 2)) < 1e-9, "100% agreement reaches the right edge, no further")
    }

    @Test("labels each bar with its base and don't-know count")
    func notes() {
        let chart = AgreementChart(title: "Area 1 <items>", items: [
            .init(label: "Item 1", distribution: distribution([.agree: 3, .dontKnow: 2])),
            .init(label: "Item 2", distribution: distribution([.dontKnow: 4])),
        ])
        let svg = chart.svg()
        #expect(svg.contains(">n = 3; 2 don&apos;t know<"))
        #expect(svg.contains(">no views given; 4 don&apos;t know<"))
        #expect(svg.contains("Area 1 &lt;items&gt;"))
    }
}
