const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A minimal, accessible Swedish page for the login flow's outcomes. */
export function page(title: string, paragraphs: string[], links: { href: string; text: string }[] = []): string {
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – Brygga</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
a{color:#0b4f8a}a:focus,button:focus{outline:3px solid #f0a500;outline-offset:2px}</style></head>
<body><main><h1>${escape(title)}</h1>
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${links.length ? `<ul>${links.map((l) => `<li><a href="${escape(l.href)}">${escape(l.text)}</a></li>`).join('')}</ul>` : ''}
</main></body></html>`;
}

/** The web client's start page (its login view explains these outcomes too), then the two ways in. */
export const LOGIN_LINKS = [
  { href: '/', text: 'Till Bryggas startsida' },
  { href: '/auth/login?idp=bankid', text: 'Logga in med BankID' },
  { href: '/auth/login?idp=siths', text: 'Logga in med SITHS-kort' },
];

export const PAGES = {
  noAccess: () =>
    page(
      'Du har inte tillgång till Brygga',
      [
        'Inloggningen lyckades, men du finns inte i Bryggas katalog över användare.',
        'Kontakta din verksamhets administratör om du behöver tillgång.',
      ],
      LOGIN_LINKS,
    ),
  assuranceTooLow: () =>
    page(
      'Inloggningen räcker inte',
      ['Brygga kräver inloggning med tillitsnivå 3, till exempel BankID eller ett SITHS-kort. Reservkort räcker inte.'],
      LOGIN_LINKS,
    ),
  failed: () =>
    page('Inloggningen kunde inte slutföras', ['Inloggningen avbröts eller gick inte att verifiera. Försök igen.'], LOGIN_LINKS),
  unavailable: () =>
    page('Inloggningen är inte tillgänglig', ['Identitetstjänsten svarar inte just nu. Försök igen om en stund.'], LOGIN_LINKS),
  loggedOut: () => page('Du är utloggad', ['Du har loggats ut från Brygga.'], LOGIN_LINKS),
};
