import { describe, expect, it } from 'vitest';
import { signRequest } from './sign-request';

// AWS SigV4 test suite, "get-vanilla" and "post-x-www-form-urlencoded" style vectors.
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const base = {
  host: 'example.amazonaws.com',
  region: 'us-east-1',
  service: 'service',
  amzDate: '20150830T123600Z',
};

describe('signRequest', () => {
  it("reproduces AWS's published get-vanilla signature", () => {
    const headers = signRequest(
      { ...base, method: 'GET', path: '/', headers: {}, body: '' },
      credentials,
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('signs the session token of temporary (Lambda role) credentials', () => {
    const headers = signRequest(
      { ...base, method: 'GET', path: '/', headers: {}, body: '' },
      { ...credentials, sessionToken: 'token' },
    );
    expect(headers['x-amz-security-token']).toBe('token');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });

  it('changes the signature when the body changes', () => {
    const sign = (body: string) =>
      signRequest(
        { ...base, method: 'PUT', path: '/_index_template/x', headers: {}, body },
        credentials,
      ).authorization;
    expect(sign('{"a":1}')).not.toBe(sign('{"a":2}'));
  });
});
