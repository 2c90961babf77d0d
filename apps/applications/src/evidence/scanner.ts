/**
 * The virus-scan hook every upload passes before it is stored. The local implementation recognises the EICAR
 * test signature (what antivirus products use to prove they are wired in); a deployment binds a real engine
 * (e.g. clamd) behind the same interface.
 */
export interface EvidenceScanner {
  scan(bytes: Buffer): Promise<{ clean: true } | { clean: false; signature: string }>;
}

export const EVIDENCE_SCANNER = Symbol('EVIDENCE_SCANNER');

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export class SignatureScanner implements EvidenceScanner {
  async scan(bytes: Buffer): Promise<{ clean: true } | { clean: false; signature: string }> {
    return bytes.includes(EICAR, 0, 'latin1') ? { clean: false, signature: 'EICAR-Test-File' } : { clean: true };
  }
}
