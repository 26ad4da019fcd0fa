import type { Result } from '../model.js';
import type { ReportWriter } from './types.js';
import { reportTime, toolVersion } from './artifact.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';

const SEVERITY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;

/**
 * One self-contained HTML file (inline style and script, no network): a severity chart, filters by
 * severity, kind and fixability, a search box, and per target the vulnerabilities, failed checks
 * and secrets. The rows are in the page itself, so it reads without the script too.
 */
export const htmlWriter: ReportWriter = {
  format: 'html',
  render(report, options) {
    const time = reportTime(report, options.now).toISOString();
    const totals = new Map<string, number>(SEVERITY_ORDER.map((s) => [s, 0]));
    const body: string[] = [];
    for (const r of report.Results) body.push(resultSection(r, totals));
    const total = [...totals.values()].reduce((a, b) => a + b, 0);
    const max = Math.max(1, ...totals.values());
    const title = `${report.ArtifactName} - Picket Report - ${time}`;
    return [
      '<!DOCTYPE html>',
      '<html lang="en"><head><meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${esc(title)}</title><style>${HTML_STYLE}</style></head><body>`,
      `<header><h1>${esc(report.ArtifactName)}</h1><p>${esc(report.ArtifactType)} · scanned ${esc(report.CreatedAt)} · picket ${esc(toolVersion(report, options.appVersion))}</p></header><main>`,
      '<section class="panel" id="chart"><h2>Findings by severity</h2>',
      ...SEVERITY_ORDER.map((s) => `<div class="bar sev-${s}"><span class="label">${s}</span><span class="track"><span class="fill" id="fill-${s}" style="width:${((100 * totals.get(s)!) / max).toFixed(1)}%"></span></span><span class="count" id="count-${s}" data-total="${totals.get(s)}">${totals.get(s)}</span></div>`),
      '</section>',
      '<section class="panel" id="controls">',
      ...SEVERITY_ORDER.map((s) => `<label><input type="checkbox" data-sev="${s}" checked> <span class="badge sev-${s}">${s}</span></label>`),
      '<label>Kind <select id="kind"><option value="all">all</option><option value="vulnerability">vulnerabilities</option><option value="misconfiguration">misconfigurations</option><option value="secret">secrets</option></select></label>',
      '<label><input type="checkbox" id="fixed"> fixable only</label>',
      '<input type="search" id="q" placeholder="Search id, package, title, file" aria-label="search">',
      `<span><b id="shown">${total}</b> of <b id="total">${total}</b> findings shown</span>`,
      '</section>',
      report.Results.length === 0 ? '<p class="empty">No supported files found.</p>' : '',
      ...body,
      `</main><script>${HTML_SCRIPT}</script></body></html>`,
      '',
    ].join('\n');
  },
};

function resultSection(r: Result, totals: Map<string, number>): string {
  const out: string[] = [`<section class="panel result"><h2>${esc(r.Target)} <small>(${esc(r.Type ?? r.Class)})</small></h2>`];
  const count = (s: string) => totals.set(s, (totals.get(s) ?? 0) + 1);
  const vulns = r.Vulnerabilities ?? [];
  if (r.Class === 'os-pkgs' || r.Class === 'lang-pkgs') {
    if (vulns.length === 0) out.push('<p class="empty">No vulnerabilities found.</p>');
    else {
      out.push('<table class="findings"><tr><th>Package</th><th>Vulnerability ID</th><th>Severity</th><th>Installed Version</th><th>Fixed Version</th><th>Title</th><th>Links</th></tr>');
      for (const v of vulns) {
        count(v.Severity);
        const links = [...new Set([v.PrimaryURL, ...(v.References ?? [])].filter((u): u is string => !!u))];
        const text = [v.VulnerabilityID, ...(v.VendorIDs ?? []), v.PkgName, v.InstalledVersion, v.FixedVersion ?? '', v.Title ?? '', r.Target].join(' ').toLowerCase();
        out.push(`<tr class="finding sev-${v.Severity}" data-sev="${v.Severity}" data-kind="vulnerability" data-fixed="${v.FixedVersion ? 1 : 0}" data-text="${esc(text)}">`
          + `<td class="pkg-name">${esc(v.PkgName)}</td><td>${esc(v.VulnerabilityID)}</td><td><span class="badge sev-${v.Severity}">${v.Severity}</span></td>`
          + `<td class="pkg-version">${esc(v.InstalledVersion)}</td><td>${esc(v.FixedVersion ?? '')}</td><td>${esc(v.Title ?? '')}</td><td class="links">${linkList(links)}</td></tr>`);
      }
      out.push('</table>');
    }
  }
  const misconfigs = (r.Misconfigurations ?? []).filter((m) => m.Status === 'FAIL');
  if (r.Class === 'config') {
    if (misconfigs.length === 0) out.push('<p class="empty">No misconfigurations found.</p>');
    else {
      out.push('<h3>Misconfigurations</h3><table class="findings"><tr><th>Type</th><th>ID</th><th>Check</th><th>Severity</th><th>Message</th><th>Lines</th><th>Links</th></tr>');
      for (const m of misconfigs) {
        count(m.Severity);
        const lines = m.CauseMetadata.StartLine ? `${m.CauseMetadata.StartLine}-${m.CauseMetadata.EndLine ?? m.CauseMetadata.StartLine}` : '';
        const text = [m.ID, m.Title, m.Message, r.Target].join(' ').toLowerCase();
        out.push(`<tr class="finding sev-${m.Severity}" data-sev="${m.Severity}" data-kind="misconfiguration" data-fixed="1" data-text="${esc(text)}">`
          + `<td>${esc(m.Type)}</td><td>${esc(m.ID)}</td><td>${esc(m.Title)}</td><td><span class="badge sev-${m.Severity}">${m.Severity}</span></td>`
          + `<td>${esc(m.Message)}</td><td>${lines}</td><td class="links">${linkList([m.PrimaryURL, ...(m.References ?? [])].filter((u): u is string => !!u))}</td></tr>`);
      }
      out.push('</table>');
    }
  }
  const secrets = r.Secrets ?? [];
  if (secrets.length > 0) {
    out.push('<h3>Secrets</h3><table class="findings"><tr><th>Rule</th><th>Category</th><th>Severity</th><th>Title</th><th>Lines</th><th>Match</th></tr>');
    for (const s of secrets) {
      count(s.Severity);
      const text = [s.RuleID, s.Category, s.Title, r.Target].join(' ').toLowerCase();
      out.push(`<tr class="finding sev-${s.Severity}" data-sev="${s.Severity}" data-kind="secret" data-fixed="1" data-text="${esc(text)}">`
        + `<td>${esc(s.RuleID)}</td><td>${esc(s.Category)}</td><td><span class="badge sev-${s.Severity}">${s.Severity}</span></td><td>${esc(s.Title)}</td>`
        + `<td>${s.StartLine}-${s.EndLine}</td><td><pre>${esc(s.Match)}</pre></td></tr>`);
    }
    out.push('</table>');
  }
  out.push('</section>');
  return out.join('\n');
}

/** The first three links, the rest behind a "more" disclosure (no script needed). */
function linkList(urls: string[]): string {
  const a = (u: string) => (/^https?:\/\//i.test(u) ? `<a href="${esc(u)}" rel="noreferrer noopener">${esc(u)}</a>` : esc(u));
  if (urls.length <= 3) return urls.map(a).join('');
  return `${urls.slice(0, 3).map(a).join('')}<details><summary>${urls.length - 3} more</summary>${urls.slice(3).map(a).join('')}</details>`;
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text/attribute escaping. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => htmlEntities[c]!);
}

