import { CookieSignature, cookieValue } from './session-fast-path';

// express-session's own packages (its dependencies, without types), to check that the fast path
// reads and signs cookies exactly as express-session does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse, serialize } = require('cookie') as {
  parse(header: string): Record<string, string | undefined>;
  serialize(name: string, value: string): string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sign, unsign } = require('cookie-signature') as {
  sign(value: string, secret: string): string;
  unsign(value: string, secret: string): string | false;
};
describe('the session fast path reads cookies as express-session does', () => {
  const secret = 'a-session-secret';
  const signature = new CookieSignature(secret);

  it('signs like cookie-signature and verifies only its signatures', () => {
    const sid = 'Zm9vYmFyYmF6cXV4LTEyMzQ1Njc4';
    expect(signature.sign(sid)).toBe(`s:${sign(sid, secret)}`);
    expect(signature.unsign(`s:${sign(sid, secret)}`)).toBe(sid);
    // Again (now from memory), and forged values every time.
    expect(signature.unsign(`s:${sign(sid, secret)}`)).toBe(sid);
    expect(signature.unsign(`s:${sign(sid, 'another-secret')}`)).toBeUndefined();
    expect(signature.unsign(`s:${sid}.`)).toBeUndefined();
    expect(signature.unsign(sign(sid, secret))).toBeUndefined();
    expect(signature.unsign('s:')).toBeUndefined();
    expect(unsign(sign(sid, secret), secret)).toBe(sid);
  });

  it("finds the cookie's value in a header as the cookie package parses it", () => {
    const sid = 'abc+/=.def';
    const set = serialize('brygga.sid', `s:${sign(sid, secret)}`);
    const value = set.slice(set.indexOf('=') + 1);
    const headers = [
      `brygga.sid=${value}`,
      `other=1; brygga.sid=${value}; third=x`,
      ` brygga.sid = ${value} ;x=y`,
      `brygga.sid="${value}"`,
      `brygga.sid=first; brygga.sid=${value}`,
      'x.brygga.sid=1; brygga.sidx=2',
      '',
      'brygga.sid=%E0%A4%A',
    ];
    for (const header of headers) {
      const expected = parse(header)['brygga.sid'];
      // cookie.parse leaves a value it cannot decode as it is; the fast path leaves such a request to express-session.
      if (header.endsWith('%A')) expect(cookieValue(header, 'brygga.sid')).toBeUndefined();
      else expect({ header, value: cookieValue(header, 'brygga.sid') }).toEqual({ header, value: expected });
    }
  });
});
