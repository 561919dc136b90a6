import Foundation

/// Inline SVG charts for the report: no scripts, no fonts or images from elsewhere.
enum ReportCharts {
    static let width = 760.0

    /// Bars, one per label (days of activity), with the largest value marked.
    static func bars(_ values: [(String, Int)], label: String) -> String {
        guard let maximum = values.map(\.1).max(), maximum > 0 else { return "" }
        let height = 160.0, top = 14.0, bottom = 22.0
        let step = width / Double(values.count)
        var svg = open(height: height + top + bottom, label: label)
        for (index, value) in values.enumerated() {
            let barHeight = height * Double(value.1) / Double(maximum)
            svg +=
                "<rect x=\"\(f(Double(index) * step + 1))\" y=\"\(f(top + height - barHeight))\" width=\"\(f(max(step - 2, 1)))\" "
                + "height=\"\(f(barHeight))\" fill=\"#00508c\"><title>\(ReportRenderer.escape(value.0)): \(value.1)</title></rect>"
        }
        svg += "<text x=\"0\" y=\"11\" font-size=\"11\">max \(maximum)</text>"
        if let first = values.first, let last = values.last {
            svg += "<text x=\"0\" y=\"\(f(top + height + 16))\" font-size=\"11\">\(ReportRenderer.escape(first.0))</text>"
            svg +=
                "<text x=\"\(f(width))\" y=\"\(f(top + height + 16))\" font-size=\"11\" text-anchor=\"end\">\(ReportRenderer.escape(last.0))</text>"
        }
        return svg + "</svg>"
    }

    /// Spending as proposals are funded in order, as a rising step line against the budget.
    static func cumulativeCost(_ costs: [Int64], budget: Int64, label: String) -> String {
        guard budget > 0, !costs.isEmpty else { return "" }
        let height = 160.0, top = 16.0, bottom = 18.0, left = 4.0
        let scale = height / Double(budget)
        let step = (width - left) / Double(costs.count)
        var svg = open(height: height + top + bottom, label: label)
        let budgetY = top
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(budgetY))\" x2=\"\(f(width))\" y2=\"\(f(budgetY))\" stroke=\"#b00020\" stroke-dasharray=\"6 4\"/>"
        svg += "<text x=\"\(f(width))\" y=\"\(f(budgetY - 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#b00020\">100 %</text>"
        var total: Int64 = 0
        var points = ["\(f(left)),\(f(top + height))"]
        for (index, cost) in costs.enumerated() {
            let x = left + Double(index) * step
            total += cost
            let y = top + height - Double(total) * scale
            points.append("\(f(x)),\(f(top + height - Double(total - cost) * scale))")
            points.append("\(f(x)),\(f(y))")
            points.append("\(f(x + step)),\(f(y))")
        }
        svg += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#00508c\" stroke-width=\"2\"/>"
        let share = Int((Double(total) / Double(budget) * 100).rounded())
        svg += "<text x=\"\(f(left))\" y=\"\(f(top + height + 14))\" font-size=\"11\">\(share) %</text>"
        return svg + "</svg>"
    }

    /// The phases as consecutive bars on a time axis.
    static func timeline(_ phases: [CampaignReport.Phase], names: (String) -> String, format: (Date) -> String) -> String {
        guard let start = phases.map(\.startsAt).min(), let end = phases.map(\.endsAt).max(), end > start else { return "" }
        let span = end.timeIntervalSince(start)
        let rowHeight = 22.0
        var svg = open(height: Double(phases.count) * rowHeight + 4, label: "timeline")
        let colours = ["#7a9cc6", "#00508c", "#3c8dbc", "#e08a1e", "#8c6bb1", "#2e8b57"]
        for (index, phase) in phases.enumerated() {
            let x = width * 0.3 + width * 0.7 * phase.startsAt.timeIntervalSince(start) / span
            let w = max(width * 0.7 * phase.endsAt.timeIntervalSince(phase.startsAt) / span, 2)
            let y = Double(index) * rowHeight
            svg +=
                "<text x=\"0\" y=\"\(f(y + 15))\" font-size=\"12\">\(ReportRenderer.escape(names(phase.kind))) · "
                + "\(ReportRenderer.escape(format(phase.startsAt)))–\(ReportRenderer.escape(format(phase.endsAt)))</text>"
            svg += "<rect x=\"\(f(x))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"16\" fill=\"\(colours[index % colours.count])\"/>"
        }
        return svg + "</svg>"
    }

    static func open(height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(ReportRenderer.escape(label))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\">"
    }

    /// Coordinates with one decimal, the same on every platform.
    static func f(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
