import Foundation

/// Inline SVG charts for the report: no scripts, no fonts or images from elsewhere. Every
/// chart is an `img` with a `<title>` and a `<desc>` that states its values in words, so a
/// screen reader (and an accessibility check) gets what the picture shows.
enum ReportCharts {
    static let width = 760.0

    /// One bar per period (day or week), every period of the span including empty ones,
    /// with a labelled value axis (0 and the maximum) and a labelled time axis.
    static func bars(
        id: String, _ values: [(label: String, value: Int)], title: String, valueAxis: String, timeAxis: String, description: String,
        t: ReportText
    ) -> String {
        guard !values.isEmpty else { return "" }
        let maximum = max(values.map(\.value).max() ?? 0, 1)
        let height = 150.0, top = 16.0, bottom = 40.0, left = 56.0
        let plot = width - left - 8
        let step = plot / Double(values.count)
        var svg = open(id: id, height: height + top + bottom, title: title, description: description)
        svg = svg.replacingOccurrences(
            of: "<svg ", with: "<svg data-periods=\"\(values.count)\" data-total=\"\(values.reduce(0) { $0 + $1.value })\" ")
        // Value axis: 0 and the maximum, labelled with what is counted.
        svg += line(x1: left, y1: top, x2: left, y2: top + height, colour: "#555")
        svg += line(x1: left, y1: top + height, x2: width - 8, y2: top + height, colour: "#555")
        svg += text(x: left - 4, y: top + height + 4, t.n(0), anchor: "end")
        svg += text(x: left - 4, y: top + 4, t.n(maximum), anchor: "end")
        svg += line(x1: left, y1: top, x2: width - 8, y2: top, colour: "#ccd", dashed: true)
        svg +=
            "<text x=\"12\" y=\"\(f(top + height / 2))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(f(top + height / 2)))\">\(ReportRenderer.escape(valueAxis))</text>"
        for (index, value) in values.enumerated() where value.value > 0 {
            let barHeight = height * Double(value.value) / Double(maximum)
            svg +=
                "<rect x=\"\(f(left + Double(index) * step + 0.5))\" y=\"\(f(top + height - barHeight))\" width=\"\(f(max(step - 1, 0.8)))\" "
                + "height=\"\(f(barHeight))\" fill=\"#00508c\"></rect>"
        }
        // Time axis: first, middle and last period, and what a bar is.
        let marks = Set([0, values.count / 2, values.count - 1])
        for index in marks.sorted() {
            let x = left + (Double(index) + 0.5) * step
            svg += line(x1: x, y1: top + height, x2: x, y2: top + height + 4, colour: "#555")
            svg += text(x: x, y: top + height + 16, values[index].label, anchor: index == 0 ? "start" : index == values.count - 1 ? "end" : "middle")
        }
        svg += text(x: left + plot / 2, y: top + height + 34, timeAxis, anchor: "middle")
        return svg + "</svg>"
    }

    /// Spending as proposals are funded in order, as a rising step line against the budget,
    /// with 0 % and 100 % marked and the end labelled with the amount and its share.
    static func cumulativeCost(id: String, _ costs: [Int64], budget: Int64, title: String, t: ReportText) -> String {
        guard budget > 0, !costs.isEmpty else { return "" }
        let height = 150.0, top = 16.0, bottom = 34.0, left = 48.0, right = 150.0
        let plot = width - left - right
        let total = costs.reduce(Int64(0)) { $0.addingReportingOverflow($1).overflow ? .max : $0 + $1 }
        let top100 = top + (total > budget ? height * (1 - Double(budget) / Double(total)) : 0)
        let scale = (top + height - top100) / Double(budget)
        let step = plot / Double(costs.count)
        let share = Int((Double(total) / Double(budget) * 100).rounded())
        let description =
            "\(t.fundedInOrder): \(costs.count). \(t.total): \(t.euros(total)) = \(t.percent(share)) \(t.pick("des Budgets von", "of the budget of")) \(t.euros(budget))."
        var svg = open(id: id, height: height + top + bottom, title: title, description: description)
        svg += line(x1: left, y1: top + height, x2: left + plot, y2: top + height, colour: "#555")
        svg += line(x1: left, y1: top, x2: left, y2: top + height, colour: "#555")
        svg += line(x1: left, y1: top100, x2: left + plot, y2: top100, colour: "#b00020", dashed: true)
        svg += text(x: left - 4, y: top100 + 4, t.percent(100), anchor: "end", colour: "#b00020")
        svg += text(x: left - 4, y: top + height + 4, t.percent(0), anchor: "end")
        var running: Int64 = 0
        var points = ["\(f(left)),\(f(top + height))"]
        for (index, cost) in costs.enumerated() {
            let x = left + Double(index) * step
            let before = top + height - Double(running) * scale
            running += cost
            let y = top + height - Double(running) * scale
            points += ["\(f(x)),\(f(before))", "\(f(x)),\(f(y))", "\(f(x + step)),\(f(y))"]
        }
        svg += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#00508c\" stroke-width=\"2\"/>"
        let endY = top + height - Double(running) * scale
        svg += text(x: left + plot + 6, y: endY + 4, "\(t.euros(total)) (\(t.percent(share)))", anchor: "start", colour: "#00508c")
        svg += text(x: left + plot / 2, y: top + height + 16, t.fundedInOrder, anchor: "middle")
        return svg + "</svg>"
    }

    /// The phases as consecutive bars on a time axis.
    static func timeline(_ phases: [CampaignReport.Phase], title: String, t: ReportText) -> String {
        guard let start = phases.map(\.startsAt).min(), let end = phases.map(\.endsAt).max(), end > start else { return "" }
        let span = end.timeIntervalSince(start)
        let rowHeight = 22.0
        let description = phases.map { "\(t.phaseName($0.kind)): \(t.date($0.startsAt))–\(t.date($0.endsAt))" }.joined(separator: "; ")
        var svg = open(id: "chart-timeline", height: Double(phases.count) * rowHeight + 4, title: title, description: description)
        let colours = ["#7a9cc6", "#00508c", "#3c8dbc", "#b35c00", "#8c6bb1", "#2e7d4f"]
        for (index, phase) in phases.enumerated() {
            let x = width * 0.42 + width * 0.58 * phase.startsAt.timeIntervalSince(start) / span
            let w = max(width * 0.58 * phase.endsAt.timeIntervalSince(phase.startsAt) / span, 2)
            let y = Double(index) * rowHeight
            svg += text(x: 0, y: y + 15, "\(t.phaseName(phase.kind)) · \(t.date(phase.startsAt))–\(t.date(phase.endsAt))", anchor: "start", size: 12)
            svg += "<rect x=\"\(f(x))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"16\" fill=\"\(colours[index % colours.count])\"/>"
        }
        return svg + "</svg>"
    }

    static func open(id: String, height: Double, title: String, description: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\">"
            + "<title id=\"\(id)-title\">\(ReportRenderer.escape(title))</title><desc id=\"\(id)-desc\">\(ReportRenderer.escape(description))</desc>"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, colour: String, dashed: Bool = false) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(colour)\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
    }

    static func text(x: Double, y: Double, _ content: String, anchor: String, colour: String = "#1b1b1b", size: Int = 11) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" fill=\"\(colour)\">\(ReportRenderer.escape(content))</text>"
    }

    /// Coordinates with one decimal, the same on every platform.
    static func f(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
