// The Admin UI's HTML document (Keystone's own, plus one guard). Keystone's Admin UI adds a stylesheet
// link to Google Fonts on every page; offline that request fails, and online it tells Google who uses
// the CMS. The inline script runs before any of the app's code and drops that link's href, so no
// request leaves the machine; the UI falls back to the system font stack.
import { Head, Html, Main, NextScript } from 'next/document'

const BLOCK_WEB_FONTS = `(function () {
  var blocked = /^https?:\\/\\/fonts\\.(googleapis|gstatic)\\.com\\//;
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLLinkElement && String(name).toLowerCase() === 'href' && blocked.test(String(value))) return;
    return setAttribute.call(this, name, value);
  };
  var href = Object.getOwnPropertyDescriptor(HTMLLinkElement.prototype, 'href');
  Object.defineProperty(HTMLLinkElement.prototype, 'href', {
    configurable: true,
    enumerable: href.enumerable,
    get: href.get,
    set: function (value) { if (!blocked.test(String(value))) href.set.call(this, value); }
  });
})();`

export default function Document() {
  return (
    <Html lang="en" data-scroll-behavior="smooth">
      <Head>
        <script dangerouslySetInnerHTML={{ __html: BLOCK_WEB_FONTS }} />
      </Head>
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  )
}
