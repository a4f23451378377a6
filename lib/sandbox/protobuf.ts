// Decodes the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown) far enough to read an object's ObjectMeta.
import { badRequest } from "./status";
import type { ObjectMeta } from "./types";

interface Field {
  no: number;
  wire: number;
  bytes?: Uint8Array;
  varint?: number;
}

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw badRequest("truncated protobuf body");
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      out.push({ no, wire, varint: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      out.push({ no, wire, bytes: buf.subarray(p2, p2 + len) });
      pos = p2 + len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw badRequest("unsupported protobuf wire type");
  }
  return out;
}

const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b ?? new Uint8Array());

function stringMap(entries: Field[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of entries) {
    const kv = fields(e.bytes ?? new Uint8Array());
    map[text(kv.find((f) => f.no === 1)?.bytes)] = text(kv.find((f) => f.no === 2)?.bytes);
  }
  return map;
}

function decodeObjectMeta(buf: Uint8Array): ObjectMeta {
  const fs = fields(buf);
  const meta: ObjectMeta = {};
  const str = (no: number): string | undefined => {
    const f = fs.find((x) => x.no === no && x.bytes);
    return f ? text(f.bytes) : undefined;
  };
  const name = str(1);
  const generate = str(2);
  const namespace = str(3);
  const rv = str(6);
  if (name) meta.name = name;
  if (generate) meta.generateName = generate;
  if (namespace) meta.namespace = namespace;
  if (rv) meta.resourceVersion = rv;
  const labels = fs.filter((f) => f.no === 11);
  const annotations = fs.filter((f) => f.no === 12);
  if (labels.length > 0) meta.labels = stringMap(labels);
  if (annotations.length > 0) meta.annotations = stringMap(annotations);
  return meta;
}

/** Returns apiVersion, kind and metadata of a protobuf-encoded built-in object; the rest is not needed here. */
export function decodeProtobufObject(body: Uint8Array): { apiVersion: string; kind: string; metadata: ObjectMeta } {
  const magic = [0x6b, 0x38, 0x73, 0x00];
  if (body.length < 4 || magic.some((b, i) => body[i] !== b))
    throw badRequest("the protobuf body does not start with the k8s magic number");
  const unknown = fields(body.subarray(4));
  const typeMeta = fields(unknown.find((f) => f.no === 1)?.bytes ?? new Uint8Array());
  const raw = unknown.find((f) => f.no === 2)?.bytes ?? new Uint8Array();
  const objectFields = fields(raw);
  const metaBytes = objectFields.find((f) => f.no === 1)?.bytes;
  return {
    apiVersion: text(typeMeta.find((f) => f.no === 1)?.bytes),
    kind: text(typeMeta.find((f) => f.no === 2)?.bytes),
    metadata: metaBytes ? decodeObjectMeta(metaBytes) : {},
  };
}
