/// The report's CSS, for the screen and for print: A4 pages with margins, the page number
/// and a running footer naming the campaign and the snapshot, tables that may break across
/// pages with their header repeated, headings kept with what follows them.
enum ReportStyle {
    static func css(footer: String, page: String) -> String {
        """
        body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.4}
        header{border-bottom:3px solid #00508c;margin-bottom:1rem}h1{margin:.2rem 0}h2{color:#00508c;border-bottom:1px solid #ccd;padding-bottom:.2rem}
        .unit{text-transform:uppercase;letter-spacing:.05em;color:#4a4a4a;margin:0}.meta,.note,.footnote{color:#4a4a4a;font-size:.9rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}th,td{border-bottom:1px solid #dde;padding:.25rem .4rem;text-align:left;vertical-align:top}
        th{background:#eef3f8}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tfoot td{font-weight:bold;border-top:2px solid #99a}
        caption{text-align:left;font-weight:bold;padding:.2rem 0}
        .tag{background:#fde2c8;border-radius:3px;padding:0 .3rem;font-size:.8rem}
        .stamp{display:inline-block;border:3px solid #b00020;color:#b00020;font-weight:bold;text-transform:uppercase;padding:.2rem .6rem;letter-spacing:.04em}
        .stamp.official{border-color:#2e7d4f;color:#1e5c38}
        .figures{display:flex;gap:1rem;flex-wrap:wrap}.figures div{border:1px solid #ccd;border-radius:4px;padding:.5rem 1rem;min-width:8rem}
        .figures b{display:block;font-size:1.6rem;color:#00508c}svg{max-width:100%;height:auto}
        .funded{color:#1e5c38;font-weight:bold}blockquote{margin:.2rem 0 .6rem 1rem;padding-left:.6rem;border-left:3px solid #ccd}
        footer{margin-top:2rem;color:#4a4a4a;font-size:.8rem}
        h2,h3{break-after:avoid-page;page-break-after:avoid}table,figure,svg{break-inside:auto}tr,svg,.figures,blockquote{break-inside:avoid-page}
        thead{display:table-header-group}
        @page{size:A4;margin:18mm 16mm 20mm 16mm;
          @bottom-left{content:"\(ReportRenderer.cssString(footer))";font-size:8pt;color:#4a4a4a}
          @bottom-right{content:"\(ReportRenderer.cssString(page)) " counter(page) " / " counter(pages);font-size:8pt;color:#4a4a4a}}
        @media print{body{margin:0;max-width:none;padding:0;font-size:10pt}a{color:inherit}section#summary{break-after:page}}
        """
    }
}
