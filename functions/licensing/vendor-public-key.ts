/**
 * The vendor's license-signing public key (Ed25519, JWK), the default of the
 * `VendorPublicKey` stack parameter and of `VENDOR_PUBLIC_KEY`: installations of the
 * vendor's releases verify licenses with it, offline. Its private half is held by the
 * vendor's control plane only and is not in this repository. A vendor running its own
 * VendorStack sets the parameter to that stack's `LicensePublicKeyJwk` output instead.
 */
export const DEFAULT_VENDOR_PUBLIC_KEY = JSON.stringify({
  kty: 'OKP',
  crv: 'Ed25519',
  x: '3iXgQFPqI1QFnRyqf3mqujyvuejzDzcc2Q8nT4TaFxY',
  kid: 'zyabuZ5oRp1B3DvkvTlWic54s-83CFZX6_KvwLe-lUQ',
  alg: 'EdDSA',
  use: 'sig',
});
