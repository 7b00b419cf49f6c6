import * as crypto from 'node:crypto';
import { GENESIS_HASH } from '../store/migrations.js';

/** An audit entry as stored: `payload` is the JSON text that was hashed, byte for byte. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  verb: string;
  objectType: string;
  objectId: string;
  reason: string | null;
  payload: string;
  prevHash: string;
  hash: string;
}

/**
 * The hash of an entry: SHA-256 over its fields and the previous entry's hash. The fields but
 * the payload are a JSON array; the payload (already JSON text) follows after a newline as it
 * is, so it is not escaped and encoded a second time. JSON.stringify never writes a raw
 * newline, so the array ends unambiguously at the first one.
 */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return hashFields(e.seq, e.at, e.actor, e.verb, e.objectType, e.objectId, e.reason, e.payload, e.prevHash);
}

/** `entryHash` on the fields one by one (no entry object needed). */
export function hashFields(
  seq: number,
  at: string,
  actor: string,
  verb: string,
  objectType: string,
  objectId: string,
  reason: string | null,
  payload: string,
  prevHash: string,
): string {
  // The array's JSON written piece by piece: the same text as JSON.stringify of the array
  // (seq is an integer, the hash is hex), without building an array per entry.
  const q = JSON.stringify;
  return sha256Hex(`[${seq},${q(at)},${q(actor)},${q(verb)},${q(objectType)},${q(objectId)},${reason == null ? 'null' : q(reason)},${q(prevHash)}]\n${payload}`);
}

/** SHA-256 of a string's UTF-8 bytes in hex: one-shot crypto.hash (Node >= 20.12) is about twice as fast as createHash. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export interface ChainBreak {
  seq: number;
  problem: 'edited' | 'deleted' | 'reordered' | 'truncated';
  message: string;
}

/**
 * Walks the chain in seq order and reports the first entry that was edited, deleted or
 * reordered. Feed entries with `push`, then call `finish` with the recorded head.
 */
export class ChainVerifier {
  #expectedSeq = 1;
  #prevHash = GENESIS_HASH;
  #count = 0;
  broken: ChainBreak | null = null;

  get count(): number {
    return this.#count;
  }

  push(e: AuditEntry): boolean {
    if (this.broken) return false;
    this.#count++;
    if (e.seq !== this.#expectedSeq) {
      const problem = e.seq > this.#expectedSeq ? 'deleted' : 'reordered';
      this.broken = {
        seq: this.#expectedSeq,
        problem,
        message:
          problem === 'deleted'
            ? `audit entry #${this.#expectedSeq} is missing (deleted): entry #${e.seq} follows #${this.#expectedSeq - 1}`
            : `audit entry #${e.seq} is out of order after #${this.#expectedSeq - 1}`,
      };
      return false;
    }
    if (entryHash(e) !== e.hash) {
      this.broken = {
        seq: e.seq,
        problem: 'edited',
        message: `audit entry #${e.seq} (${e.verb} ${e.objectId}) was edited: its content no longer matches its hash`,
      };
      return false;
    }
    if (e.prevHash !== this.#prevHash) {
      this.broken = {
        seq: e.seq,
        problem: 'reordered',
        message: `audit entry #${e.seq} (${e.verb} ${e.objectId}) does not follow entry #${e.seq - 1}: an entry was replaced, removed or reordered`,
      };
      return false;
    }
    this.#prevHash = e.hash;
    this.#expectedSeq++;
    return true;
  }

  /** Compares the end of the walk with the recorded head (catches deleting the newest entries). */
  finish(head: { seq: number; hash: string }): ChainBreak | null {
    if (this.broken) return this.broken;
    const lastSeq = this.#expectedSeq - 1;
    if (head.seq > lastSeq) {
      this.broken = {
        seq: lastSeq + 1,
        problem: 'truncated',
        message: `audit entries #${lastSeq + 1} to #${head.seq} are missing (deleted from the end of the trail)`,
      };
    } else if (head.seq < lastSeq || head.hash !== this.#prevHash) {
      this.broken = {
        seq: head.seq,
        problem: 'edited',
        message: `the audit head records entry #${head.seq} but the trail ends at #${lastSeq} with another hash: entries were added or altered outside Endwatch`,
      };
    }
    return this.broken;
  }
}
