import { CookieSignature, cookieValue } from './session-fast-path';

// express-session's own packages (its dependencies, without types), to check that the fast path
// reads and signs cookies exactly as express-session does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse, serialize } = require('cookie') as {
  parse(header: string, options?: { decode(value: string): string }): Record<string, string | undefined>;
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
      'brygga.sid="',
      // Only spaces and tabs surround a name or value for the cookie package; any other white
      // space (a no-break space, U+00A0: a 0xA0 byte in a header, which Node passes on) is part
      // of them, so such a name is another cookie's and such a value's signature does not match.
      `brygga.sid=${value}\u00a0`,
      `\u00a0brygga.sid=${value}`,
      `brygga.sid\u00a0=${value}`,
      `\u00a0brygga.sid=first; brygga.sid=${value}`,
      `brygga.sid=\u00a0"${value}"`,
      `brygga.sid=\t"${value}" `,
      `brygga.sid=\u000b${value}`,
    ];
    const read = headers.map((header) => ({ header, value: cookieValue(header, 'brygga.sid') }));
    // cookie.parse leaves a value it cannot decode as it is; the fast path leaves such a request to express-session.
    const expected = headers.map((header) => ({ header, value: header.endsWith('%A') ? undefined : parse(header)['brygga.sid'] }));
    expect(read).toEqual(expected);
  });

  it('reads every header of random pieces as the cookie package does', () => {
    const pieces = ['brygga.sid', 'brygga.sid', '=', '=', ';', ';', ' ', '\t', '\u00a0', '"', '%41', '%E0', 's:x.y', 'a'];
    // A fixed sequence (a linear congruential generator): a failure can be repeated.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % pieces.length;
    // The cookie package leaves a value it cannot decode as it is; the fast path leaves such a request to express-session.
    const undecodable = '\u0000undecodable';
    const decode = (value: string) => {
      try {
        return value.includes('%') ? decodeURIComponent(value) : value;
      } catch {
        return undecodable;
      }
    };
    const differences: { header: string; fast?: string; cookie?: string }[] = [];
    for (let i = 0; i < 20_000; i++) {
      const header = Array.from({ length: 1 + (i % 12) }, () => pieces[next()]).join('');
      const expected = parse(header, { decode })['brygga.sid'];
      const fast = cookieValue(header, 'brygga.sid');
      if (fast !== (expected === undecodable ? undefined : expected)) differences.push({ header, fast, cookie: expected });
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('reads a long header in linear time, as the cookie package does', () => {
    // 512 kB of segments without '=' before one cookie (Node allows 16 kB, a proxy may allow more):
    // looking for the next '=' from every segment again would take seconds, this is milliseconds.
    const header = `${'a;'.repeat(256 * 1024)}brygga.sid=x`;
    const started = process.hrtime.bigint();
    expect(cookieValue(header, 'brygga.sid')).toBe('x');
    expect(cookieValue(header.slice(0, -'brygga.sid=x'.length), 'brygga.sid')).toBeUndefined();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });
});
