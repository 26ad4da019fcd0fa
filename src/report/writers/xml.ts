/** XML text and attribute escaping as Go's `xml.EscapeText` does it (trivy's `escapeXML`). */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"'\t\n\r]/g, (c) => xmlEntities[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}

const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
