/**
 * Personal data (name, ID number, phone) as it goes into events: encrypted by the application with
 * the person's own key (AES-GCM), so deleting that key erases the person (crypto-shredding).
 * The domain never opens it.
 */
export interface SealedPersonalData {
  v: 1;
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}
