/// The page's one stylesheet, inline. Colours pass WCAG AA contrast on white; every coloured thing also says its
/// state in words. Print keeps the verdict, the time and the command line and drops the colours' backgrounds.
enum HTMLStyle {
    static let sheet = """
        :root{color-scheme:light;--ok:#0b6b2f;--problem:#b00020;--warn:#7a4f00;--unknown:#5b3f8c;--muted:#4a4a4a}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;background:#fff;margin:0 auto;max-width:72rem;padding:1rem 1.5rem}
        h1.title{font-size:1.25rem;margin:.6rem 0 .2rem;white-space:pre-line}
        .verdict{font-size:1.2rem;padding:.7rem 1rem;border-left:.5rem solid;margin:0}
        .verdict-ok{border-color:var(--ok);background:#e8f5ec}
        .verdict-problem{border-color:var(--problem);background:#fdecee}
        .verdict-could-not-check{border-color:var(--unknown);background:#f1ecf8}
        .run{color:var(--muted);font-size:.85rem}
        pre.lines{white-space:pre-wrap;font:13px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;background:#f6f6f6;padding:.6rem;overflow-x:auto}
        table.rows{border-collapse:collapse;font:13px/1.35 ui-monospace,"DejaVu Sans Mono",monospace;margin:.5rem 0 1rem;display:block;overflow-x:auto}
        table.rows th,table.rows td{border:1px solid #bbb;padding:.2rem .45rem;text-align:left;vertical-align:top}
        table.rows th{background:#eee}
        tr.marked td{background:#fff3cd;font-weight:600}
        td.mark{color:var(--problem);white-space:nowrap}
        .differs{color:var(--problem);font-weight:600}
        .findings ul{list-style:none;padding:0}
        .finding{border-left:.3rem solid #999;padding:.3rem .6rem;margin:.3rem 0;background:#fafafa}
        .finding.verdict-ok{border-color:var(--ok)}.finding.verdict-problem{border-color:var(--problem)}
        .finding.verdict-warning{border-color:var(--warn)}.finding.verdict-could-not-check{border-color:var(--unknown)}
        .verdict-word{font-weight:700;text-transform:uppercase;font-size:.8rem}
        .finding.verdict-problem .verdict-word{color:var(--problem)}.finding.verdict-warning .verdict-word{color:var(--warn)}
        .finding.verdict-ok .verdict-word{color:var(--ok)}.finding.verdict-could-not-check .verdict-word{color:var(--unknown)}
        .fix{margin:.2rem 0 0}.doc{font-size:.85rem}
        .count{display:inline-block;border:1px solid #999;border-radius:1rem;padding:0 .6rem;margin-right:.3rem;font-size:.85rem}
        .tone-good{color:var(--ok)}.tone-bad{color:var(--problem);font-weight:600}.tone-caution{color:var(--warn)}.tone-faint{color:var(--muted)}.tone-strong{font-weight:700}
        figure.chain{margin:1rem 0;overflow-x:auto}
        figure.chain svg{font:12px ui-monospace,"DejaVu Sans Mono",monospace;max-width:100%;height:auto}
        .node rect{fill:#f7f7f7;stroke:#666;stroke-width:1.5}
        .node.state-secure rect,.node.state-leaf rect,.node.state-CA rect,.node.state-root rect{stroke:#0a6f7d}
        .node.state-bogus rect,.node.state-missing rect,.node.state-expired rect{stroke:#be1515;fill:#fdecee;stroke-width:2.5}
        .node.state-insecure rect{stroke:#555}.node.state-indeterminate rect{stroke:#8a5a00}
        .node-title{font-weight:700;fill:#111}.node-line{fill:#222}
        .link line,.link path{stroke:#444;stroke-width:1.5;fill:none}.link.broken line,.link.broken path{stroke:#be1515}
        .link-label{fill:#be1515;font-weight:700}
        .broken-link{color:var(--problem)}
        figure.expiry{margin:.5rem 0 1rem}figure.expiry svg{font:13px ui-monospace,"DejaVu Sans Mono",monospace;max-width:100%;height:auto}
        .bar rect{stroke:#111;stroke-width:1}.bar text{fill:#111}.bar-count{font-weight:700}
        .bucket-expired rect{fill:var(--problem)}.bucket-under-7-days rect{fill:#d9480f}.bucket-under-30-days rect{fill:#e6a700}
        .bucket-later rect{fill:var(--ok)}.bucket-no-certificate rect{fill:#9e9e9e}
        footer{margin-top:2rem;border-top:1px solid #ccc;padding-top:.5rem}
        @media print{body{max-width:none;padding:0;font-size:11pt}.verdict,tr.marked td,pre.lines,.finding{background:none !important}
        a.doc::after{content:" (" attr(href) ")"}table.rows{display:table}footer,.run{color:#000}
        figure.expiry{break-inside:avoid}.bar rect{fill:#fff !important}.bucket-expired rect,.bucket-under-7-days rect{fill:#000 !important}
        .bucket-under-30-days rect{fill:#888 !important}}
        """
}
