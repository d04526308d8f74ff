using System;
using System.Security.Cryptography;
using System.Text;

namespace Seedance.Engine.Gallery;

/// <summary>
/// The style sheet and the small script every gallery page carries inline (the page loads nothing else), and the
/// Content-Security-Policy that allows exactly these two by hash: were a prompt ever to get past the escaping, a script
/// or style it smuggled in would not run, and the page can fetch, embed or submit nothing. Media stay allowed, from the
/// page's own relative links. Cards off screen are not laid out or painted until scrolled to (content-visibility), which
/// halves the time Chromium takes to open a page of 500; browsers without it simply render everything.
/// </summary>
internal static class GalleryAssets
{
    public const string Style = """
        :root{color-scheme:light dark;--bg:#f4f4f6;--card:#fff;--ink:#1b1b1f;--soft:#5d5d66;--line:#dcdce2;--ok:#16794a;--bad:#b3261e;--warn:#8a5a00}
        @media (prefers-color-scheme:dark){:root{--bg:#141417;--card:#1f1f24;--ink:#ececf1;--soft:#a3a3ad;--line:#34343c;--ok:#5fd49a;--bad:#ff8a80;--warn:#f0c060}}
        *{box-sizing:border-box}[hidden]{display:none!important}
        body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        header{padding:20px 24px 12px;border-bottom:1px solid var(--line);background:var(--card)}
        h1{margin:0 0 6px;font-size:22px}h1 .folder{color:var(--soft);font-weight:400}
        .totals{display:flex;flex-wrap:wrap;gap:6px 18px;margin:6px 0}.totals b{font-size:16px}
        .statuses{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}.written{margin:6px 0 0;color:var(--soft);font-size:12px}
        .tools{display:flex;flex-wrap:wrap;align-items:center;gap:8px 14px;margin-top:10px}
        .tools input{flex:1 1 260px;max-width:480px;padding:6px 10px;border:1px solid var(--line);border-radius:6px;font:inherit;background:var(--bg);color:inherit}
        .tools select{font:inherit;padding:4px}#shown{color:var(--soft)}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));align-items:start;gap:16px;padding:16px 24px 32px}
        .card{display:flex;flex-direction:column;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden;content-visibility:auto;contain-intrinsic-size:auto 300px auto 460px}
        .card.s-failed,.card.s-canceled{border-color:var(--bad)}
        video{display:block;width:100%;height:auto;max-height:360px;object-fit:contain;background:#000}
        .novideo{display:flex;flex-direction:column;justify-content:center;min-height:120px;padding:14px 16px;background:repeating-linear-gradient(45deg,transparent 0 10px,rgba(128,128,128,.08) 10px 20px);border-bottom:1px solid var(--line)}
        .novideo strong{color:var(--bad)}.novideo p{margin:4px 0 0;overflow-wrap:anywhere}
        .body{padding:10px 14px 14px}
        h2{margin:0 0 6px;font-size:14px;overflow-wrap:anywhere}h2 a{color:inherit}
        .meta{font-size:12px;font-weight:400;color:var(--soft);margin-left:6px}
        .prompt{margin:0 0 8px;white-space:pre-wrap;overflow-wrap:anywhere}.prompt.none{color:var(--soft);font-style:italic}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0;font-size:12px}
        dt{color:var(--soft)}dd{margin:0;overflow-wrap:anywhere}
        .status{display:inline-block;padding:0 7px;border-radius:9px;border:1px solid currentColor;font-size:12px;color:var(--soft)}
        .s-succeeded .status,.status.s-succeeded{color:var(--ok)}.s-failed .status,.status.s-failed,.s-canceled .status,.status.s-canceled{color:var(--bad)}
        .s-partial_succeeded .status,.status.s-partial_succeeded{color:var(--warn)}
        """;

    public const string Script = """
        (function () {
          var grid = document.getElementById('cards'), tools = document.getElementById('tools');
          if (!grid || !tools) { return; }
          var filter = document.getElementById('filter'), sort = document.getElementById('sort'), shown = document.getElementById('shown');
          var cards = Array.prototype.slice.call(grid.children);
          var texts = cards.map(function (card) { return card.textContent.toLowerCase(); });
          function number(card, key) {
            var value = card.getAttribute('data-' + key);
            return value === null || value === '' ? -1 : parseFloat(value);
          }
          function order() {
            var key = sort.value;
            cards.slice().sort(function (a, b) {
              var difference = 0;
              if (key === 'cost' || key === 'duration') { difference = number(b, key) - number(a, key); }
              if (key === 'status') { difference = a.getAttribute('data-status').localeCompare(b.getAttribute('data-status')); }
              return difference || number(a, 'order') - number(b, 'order');
            }).forEach(function (card) { grid.appendChild(card); });
          }
          function apply() {
            var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean), count = 0;
            cards.forEach(function (card, index) {
              var hit = words.every(function (word) { return texts[index].indexOf(word) >= 0; });
              card.hidden = !hit;
              if (hit) { count++; }
            });
            shown.textContent = (count === cards.length ? '' : count + ' of ') + cards.length + ' shown';
          }
          filter.addEventListener('input', apply);
          sort.addEventListener('change', order);
          tools.hidden = false;
          apply();
        })();
        """;

    public static string ContentSecurityPolicy { get; } =
        $"script-src 'sha256-{Hash(Script)}'; style-src 'sha256-{Hash(Style)}'; img-src 'none'; font-src 'none'; connect-src 'none'; "
        + "object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; form-action 'none'; base-uri 'none'";

    /// <summary>The base64 SHA-256 of an inline element's text, as a CSP hash source names it.</summary>
    public static string Hash(string inlineText)
    {
        using var sha = SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(inlineText)));
    }
}
