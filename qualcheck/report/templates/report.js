(function(){
'use strict';
var F=JSON.parse(document.getElementById('qc-findings').textContent);
var RANK=JSON.parse(document.getElementById('qc-findings').getAttribute('data-rank'));  // types.SEVERITY_RANK: higher is worse
function $$(s,r){return Array.prototype.slice.call((r||document).querySelectorAll(s));}
function checked(attr){var o={};$$('input['+attr+']').forEach(function(x){if(x.checked)o[x.getAttribute(attr)]=1;});return o;}
function shownSet(){
  var sev=checked('data-sev'),cat=checked('data-cat'),v={};
  var acc=document.getElementById('show-accepted'),showAcc=!acc||acc.checked;
  Object.keys(F).forEach(function(id){v[id]=!!(sev[F[id].sev]&&cat[F[id].cat]&&(!F[id].acc||showAcc));});
  return v;
}
var visible={};
function worst(ids){
  var best=null;
  ids.forEach(function(id){if(visible[id]&&!F[id].acc&&(best===null||RANK[F[id].sev]>RANK[best]))best=F[id].sev;});
  return best;
}
function apply(){
  visible=shownSet();
  $$('[data-fids]').forEach(function(el){
    var w=worst(el.getAttribute('data-fids').split(' '));
    if(w){el.setAttribute('data-on',w);el.tabIndex=0;}else{el.removeAttribute('data-on');el.removeAttribute('tabindex');}
  });
  $$('[data-fid]').forEach(function(el){el.hidden=!visible[el.getAttribute('data-fid')];});
  var only=document.getElementById('only-findings').checked;
  $$('tr.row,tr.ghost').forEach(function(tr){
    tr.hidden=only&&!tr.querySelector('li[data-fid]:not([hidden])')&&!tr.querySelector('[data-on]');
  });
  $$('table.cats tbody tr').forEach(function(tr){var i=tr.querySelector('input');tr.classList.toggle('off',!i.checked);});
  var n=Object.keys(F).filter(function(id){return visible[id];}).length;
  document.getElementById('shown').textContent=n;
  hideTip();
}
document.addEventListener('change',function(e){if(e.target.closest('.filter'))apply();});
document.getElementById('reset').addEventListener('click',function(){
  $$('.filter input').forEach(function(x){x.checked=x.id!=='only-findings';});cursor=-1;apply();
});
// previous / next visible finding, in reading order
var cursor=-1;
function go(step){
  var items=$$('li[data-fid]').filter(function(li){return !li.hidden&&!li.closest('[hidden]');});
  if(!items.length)return;
  cursor=(cursor+step+items.length)%items.length;
  var li=items[cursor];li.scrollIntoView({block:'center'});
  var id=li.getAttribute('data-fid');
  var m=document.querySelector('[data-fids~="'+id+'"]:not(.place)')||document.querySelector('[data-fids~="'+id+'"]');
  if(m){m.classList.remove('pulse');void m.offsetWidth;m.classList.add('pulse');}
}
document.getElementById('next').addEventListener('click',function(){go(1);});
document.getElementById('prev').addEventListener('click',function(){go(-1);});
document.addEventListener('keydown',function(e){
  if(e.target.matches('input,textarea'))return;
  if(e.key==='j'||e.key==='n')go(1);else if(e.key==='k'||e.key==='p')go(-1);
});
// tooltip: every visible finding that covers the hovered text (its own and its sentence's)
var tip=document.getElementById('tip'),tipFor=null;
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
function showTip(el){
  var ids=[],n=el;
  while(n&&n!==document.body){
    if(n.getAttribute&&n.getAttribute('data-fids'))n.getAttribute('data-fids').split(' ').forEach(function(id){if(visible[id]&&ids.indexOf(id)<0)ids.push(id);});
    n=n.parentNode;
  }
  if(!ids.length){hideTip();return;}
  ids.sort(function(a,b){return RANK[F[b].sev]-RANK[F[a].sev];});
  tip.innerHTML=ids.map(function(id){var f=F[id];
    return '<p class="t"><b class="'+f.sev+'">#'+f.n+' '+f.sev+'</b> '+esc(f.cat)+': '+esc(f.msg)+
      (f.sugg?'<br><span class="sg">Suggestion: '+esc(f.sugg)+'</span>':'')+'</p>';}).join('');
  tip.hidden=false;tipFor=el;
  var r=el.getBoundingClientRect(),tw=tip.offsetWidth,th=tip.offsetHeight;
  var x=Math.max(8,Math.min(window.scrollX+r.left,window.scrollX+document.documentElement.clientWidth-tw-8));
  var y=window.scrollY+r.bottom+6;
  if(r.bottom+th+12>window.innerHeight&&r.top>th+12)y=window.scrollY+r.top-th-6;
  tip.style.left=x+'px';tip.style.top=y+'px';
}
function hideTip(){tip.hidden=true;tipFor=null;}
function target(e){var t=e.target.closest&&e.target.closest('mark[data-on],.s[data-on]');return t;}
document.addEventListener('mouseover',function(e){var t=target(e);if(t)showTip(t);else if(tipFor)hideTip();});
document.addEventListener('focusin',function(e){var t=target(e);if(t)showTip(t);});
document.addEventListener('click',function(e){var t=target(e);if(t&&t!==tipFor)showTip(t);});
window.addEventListener('scroll',function(){if(tipFor&&!tipFor.matches(':hover'))hideTip();},{passive:true});
if(window.matchMedia&&window.matchMedia('(max-width:700px)').matches){
  var more=document.querySelector('details.more');if(more)more.open=false;
}
apply();
document.documentElement.setAttribute('data-ready','1');
})();
