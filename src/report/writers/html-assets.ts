/** The HTML report's inline style sheet (no external resources: the file is read offline). */
export const HTML_STYLE = `
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0;font-size:1.4em;word-break:break-all}header p{margin:4px 0 0;opacity:.8}
main{padding:16px 24px}section.panel{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:12px 16px;margin-bottom:16px}
#chart .bar{display:grid;grid-template-columns:90px 1fr 80px;align-items:center;gap:8px;margin:4px 0}
#chart .track{background:#eef0f3;height:18px;border-radius:3px;overflow:hidden}#chart .fill{display:block;height:100%}
#chart .count{text-align:right;font-variant-numeric:tabular-nums}
.sev-CRITICAL .fill,.badge.sev-CRITICAL{background:#c9190b}.sev-HIGH .fill,.badge.sev-HIGH{background:#ec7a08}
.sev-MEDIUM .fill,.badge.sev-MEDIUM{background:#d4a900}.sev-LOW .fill,.badge.sev-LOW{background:#3e8635}.sev-UNKNOWN .fill,.badge.sev-UNKNOWN{background:#6a6e73}
.badge{color:#fff;border-radius:3px;padding:1px 6px;font-size:.8em;font-weight:600}
#controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center}#controls input[type=search]{min-width:260px;padding:4px 8px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #e4e7ec;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5;font-weight:600}td.links a{display:block;word-break:break-all}tr.hidden,section.hidden{display:none}
h2{font-size:1.1em;margin:4px 0;word-break:break-all}h2 small{font-weight:normal;color:#5c6370}h3{font-size:1em;margin:12px 0 4px}
.empty{color:#5c6370;font-style:italic}pre{margin:4px 0;white-space:pre-wrap;background:#f6f7f9;padding:4px}
`;

/**
 * The HTML report's inline script: severity, kind, fixable and text filters over the finding rows,
 * the severity chart and counts recomputed from what is shown. Filters can be preset by the URL
 * fragment: `#sev=HIGH,CRITICAL&kind=vulnerability&fixed=1&q=openssl`.
 */
export const HTML_SCRIPT = `
(function(){
  var rows=[].slice.call(document.querySelectorAll('tr.finding'));
  var sevs=['CRITICAL','HIGH','MEDIUM','LOW','UNKNOWN'];
  var boxes=[].slice.call(document.querySelectorAll('input[data-sev]'));
  var kind=document.getElementById('kind'),q=document.getElementById('q'),fixed=document.getElementById('fixed');
  var hash=new URLSearchParams(location.hash.slice(1));
  if(hash.get('sev')){var want=hash.get('sev').toUpperCase().split(',');boxes.forEach(function(b){b.checked=want.indexOf(b.getAttribute('data-sev'))>=0;});}
  if(hash.get('kind'))kind.value=hash.get('kind');
  if(hash.get('q'))q.value=hash.get('q');
  if(hash.get('fixed')==='1')fixed.checked=true;
  function apply(){
    var on={};boxes.forEach(function(b){on[b.getAttribute('data-sev')]=b.checked;});
    var text=q.value.trim().toLowerCase(),k=kind.value,counts={},shown=0;
    sevs.forEach(function(s){counts[s]=0;});
    rows.forEach(function(r){
      var sev=r.getAttribute('data-sev');
      var ok=on[sev]&&(k==='all'||r.getAttribute('data-kind')===k)&&(!fixed.checked||r.getAttribute('data-fixed')==='1')&&(!text||r.getAttribute('data-text').indexOf(text)>=0);
      r.classList.toggle('hidden',!ok);
      if(ok){counts[sev]++;shown++;}
    });
    var max=Math.max.apply(null,sevs.map(function(s){return counts[s];}).concat([1]));
    sevs.forEach(function(s){
      document.getElementById('count-'+s).textContent=String(counts[s]);
      document.getElementById('fill-'+s).style.width=(100*counts[s]/max).toFixed(1)+'%';
    });
    document.getElementById('shown').textContent=String(shown);
    [].slice.call(document.querySelectorAll('table.findings')).forEach(function(t){
      t.classList.toggle('hidden',t.querySelectorAll('tr.finding:not(.hidden)').length===0&&t.querySelectorAll('tr.finding').length>0);
    });
    document.body.setAttribute('data-ready','1');
  }
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  kind.addEventListener('change',apply);fixed.addEventListener('change',apply);q.addEventListener('input',apply);
  apply();
})();
`;
