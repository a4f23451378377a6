// The parts of a Hugging Face config.json that sizing needs, read tolerantly: unknown keys pass, missing or malformed
// fields are reported instead of thrown, multimodal configs are read through `text_config`, and the few aliases and
// transformers defaults that real configs rely on are applied and said. Pure.
import { z } from "zod";
import { fieldReader, type FieldReader } from "./config-fields";
import { quantizationConfigSchema, readQuantization, type QuantizationFacts } from "./quantization";

const count = z.number().int().positive();

const textFields = {
  architectures: z.array(z.string()).nullish(),
  model_type: z.string().nullish(),
  num_hidden_layers: count.nullish(),
  hidden_size: count.nullish(),
  num_attention_heads: count.nullish(),
  num_key_value_heads: count.nullish(),
  head_dim: count.nullish(),
  multi_query: z.boolean().nullish(),
  max_position_embeddings: count.nullish(),
  torch_dtype: z.string().nullish(),
  dtype: z.string().nullish(),
  quantization_config: quantizationConfigSchema.nullish(),
  vocab_size: count.nullish(),
  intermediate_size: count.nullish(),
  tie_word_embeddings: z.boolean().nullish(),
  attention_bias: z.boolean().nullish(),
  sliding_window: count.nullish(),
  use_sliding_window: z.boolean().nullish(),
  type_vocab_size: count.nullish(),
  // MLA (DeepSeek V2/V3): one latent vector per token and layer.
  kv_lora_rank: count.nullish(),
  q_lora_rank: count.nullish(),
  qk_rope_head_dim: count.nullish(),
  qk_nope_head_dim: count.nullish(),
  v_head_dim: count.nullish(),
  // Mixture of experts: Mixtral, Qwen-MoE/OLMoE, DeepSeek spell the same things differently.
  num_local_experts: count.nullish(),
  num_experts: count.nullish(),
  n_routed_experts: count.nullish(),
  n_shared_experts: z.number().int().nonnegative().nullish(),
  num_experts_per_tok: count.nullish(),
  moe_intermediate_size: count.nullish(),
  shared_expert_intermediate_size: z.number().int().nonnegative().nullish(),
  first_k_dense_replace: z.number().int().nonnegative().nullish(),
  // GPT-2, Falcon, MPT, ChatGLM names for the same dimensions (transformers maps them through `attribute_map`).
  n_embd: count.nullish(),
  d_model: count.nullish(),
  n_layer: count.nullish(),
  n_layers: count.nullish(),
  num_layers: count.nullish(),
  n_head: count.nullish(),
  n_heads: count.nullish(),
  num_kv_heads: count.nullish(),
  n_head_kv: count.nullish(),
  multi_query_group_num: count.nullish(),
  n_positions: count.nullish(),
  max_seq_len: count.nullish(),
  seq_length: count.nullish(),
  n_inner: count.nullish(),
  ffn_hidden_size: count.nullish(),
};

const visionConfigSchema = z.looseObject({
  hidden_size: count.nullish(),
  intermediate_size: count.nullish(),
  num_hidden_layers: count.nullish(),
});

/** config.json as far as sizing reads it; everything else passes through untouched. */
export const modelConfigSchema = z.looseObject({
  ...textFields,
  text_config: z.looseObject(textFields).nullish(),
  vision_config: visionConfigSchema.nullish(),
});
export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type TextConfig = z.infer<z.ZodObject<typeof textFields>>;

export type AttentionKind = "mha" | "gqa" | "mqa" | "mla" | "none";

export interface MoeFacts {
  experts: number;
  /** Routed experts per token; null when the config does not say (then every expert counts as read). */
  expertsPerToken: number | null;
  expertIntermediateSize: number | null;
  /** Width of the always-active shared expert(s) summed, 0 when none. */
  sharedIntermediateSize: number;
  /** Leading layers with a dense MLP instead of experts (DeepSeek's `first_k_dense_replace`). */
  denseLayers: number;
}

export interface ModelFacts {
  architectures: string[];
  /** The top-level `model_type` (what vLLM checks dtypes against), and the text model's when it differs. */
  modelType: string | null;
  textModelType: string | null;
  /** "text_config" when the text model's fields were read from a multimodal config's `text_config`. */
  readFrom: "top level" | "text_config";
  layers: number | null;
  hiddenSize: number | null;
  attentionHeads: number | null;
  kvHeads: number | null;
  headDim: number | null;
  headDimSource: "head_dim" | "hidden_size / num_attention_heads" | null;
  attention: AttentionKind;
  mla: {
    kvLoraRank: number;
    qkRopeHeadDim: number;
    qkNopeHeadDim: number | null;
    vHeadDim: number | null;
    qLoraRank: number | null;
  } | null;
  maxPositionEmbeddings: number | null;
  configDtype: string | null;
  quantization: QuantizationFacts | null;
  vocabSize: number | null;
  intermediateSize: number | null;
  tieWordEmbeddings: boolean;
  attentionBias: boolean;
  moe: MoeFacts | null;
  vision: { layers: number; hiddenSize: number; intermediateSize: number } | null;
  /** A sliding window that applies (Qwen's `use_sliding_window: false` switches it off). */
  slidingWindow: number | null;
  /** Encoders (BERT and kin) keep no KV cache and have an MLP of two matrices. */
  isEncoderOnly: boolean;
  /** Absolute position and token-type embeddings, which encoders add to the word embeddings. */
  positionEmbeddings: number;
}

export interface ModelConfigReading {
  facts: ModelFacts;
  /** Config keys sizing needs that are absent, e.g. "text_config.hidden_size". */
  missing: string[];
  /** Values filled in, each with where from: "num_key_value_heads = 32 (none given: every head keeps its own K and V)". */
  defaulted: string[];
  /** Keys present with a value sizing could not use, each with the reason; they count as absent. */
  invalid: string[];
}

const ENCODER_TYPES = new Set([
  "bert",
  "roberta",
  "xlm-roberta",
  "nomic_bert",
  "modernbert",
  "new",
  "distilbert",
  "electra",
  "mpnet",
  "deberta",
  "deberta-v2",
]);
/** Models whose transformers config class ties the LM head to the embeddings unless told otherwise. */
const TIED_BY_DEFAULT = new Set(["gemma", "gemma2", "gemma3", "gemma3_text", "gpt2", "opt", "bloom", "gpt_bigcode"]);

/** safeParse, dropping each field an issue points at and parsing again, so one bad value costs only itself. */
function parseTolerantly(raw: Record<string, unknown>): { config: ModelConfig; invalid: string[] } {
  const invalid: string[] = [];
  const input: Record<string, unknown> = structuredClone(raw);
  for (let pass = 0; pass < 8; pass++) {
    const result = modelConfigSchema.safeParse(input);
    if (result.success) return { config: result.data, invalid };
    for (const issue of result.error.issues) {
      invalid.push(`${issue.path.join(".")}: ${issue.message}`);
      deleteAt(input, issue.path);
    }
  }
  return { config: modelConfigSchema.parse({}), invalid: [...invalid, "config.json: too many unreadable fields; read as empty"] };
}

function deleteAt(target: Record<string, unknown>, path: readonly PropertyKey[]) {
  const parentPath = path.slice(0, -1);
  let node: unknown = target;
  for (const key of parentPath) node = node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  if (node && typeof node === "object" && path.length > 0) delete (node as Record<PropertyKey, unknown>)[path[path.length - 1]];
}

/** Reads a config.json's parsed JSON. Never throws: what it cannot read it lists. */
export function readModelConfig(raw: unknown): ModelConfigReading {
  const isObject = raw !== null && typeof raw === "object" && !Array.isArray(raw);
  const { config, invalid } = isObject
    ? parseTolerantly(raw as Record<string, unknown>)
    : { config: modelConfigSchema.parse({}), invalid: ["config.json is not a JSON object"] };
  const fields = fieldReader(config);
  const { text, prefix, missing, defaulted, textModelType, pick } = fields;
  const read = fields.count;

  const architectures = config.architectures ?? [];
  if (architectures.length === 0) missing.push("architectures");
  if (!config.model_type) missing.push("model_type");
  const layers = read("num_hidden_layers");
  const hiddenSize = read("hidden_size");
  const attentionHeads = read("num_attention_heads");
  const maxPositionEmbeddings = read("max_position_embeddings");
  const vocabSize = read("vocab_size");
  const intermediateSize = read("intermediate_size");
  const configDtype = text.torch_dtype ?? text.dtype ?? config.torch_dtype ?? config.dtype ?? null;
  if (configDtype === null) missing.push("torch_dtype");
  const isEncoderOnly = textModelType !== null && ENCODER_TYPES.has(textModelType);

  const kvLoraRank = pick("kv_lora_rank");
  const qkRopeHeadDim = pick("qk_rope_head_dim");
  const mla =
    kvLoraRank !== null && qkRopeHeadDim !== null
      ? {
          kvLoraRank,
          qkRopeHeadDim,
          qkNopeHeadDim: pick("qk_nope_head_dim"),
          vHeadDim: pick("v_head_dim"),
          qLoraRank: pick("q_lora_rank"),
        }
      : null;
  if (kvLoraRank !== null && qkRopeHeadDim === null) missing.push(`${prefix}qk_rope_head_dim`);

  const kvHeads = isEncoderOnly ? null : readKvHeads(fields, attentionHeads);
  const explicitHeadDim = pick("head_dim");
  const derivedHeadDim = hiddenSize !== null && attentionHeads !== null ? hiddenSize / attentionHeads : null;
  const headDim = explicitHeadDim ?? derivedHeadDim;

  return {
    facts: {
      architectures,
      modelType: config.model_type ?? null,
      textModelType,
      readFrom: config.text_config ? "text_config" : "top level",
      layers,
      hiddenSize,
      attentionHeads,
      kvHeads,
      headDim,
      headDimSource: explicitHeadDim !== null ? "head_dim" : derivedHeadDim !== null ? "hidden_size / num_attention_heads" : null,
      attention: attentionKind({ isEncoderOnly, mla: mla !== null, kvHeads, attentionHeads }),
      mla,
      maxPositionEmbeddings,
      configDtype,
      quantization: readQuantization(pick("quantization_config")),
      vocabSize,
      intermediateSize,
      tieWordEmbeddings: pick("tie_word_embeddings") ?? (textModelType !== null && TIED_BY_DEFAULT.has(textModelType)),
      attentionBias: pick("attention_bias") ?? textModelType?.startsWith("qwen2") ?? false,
      moe: readMoe(fields, intermediateSize),
      vision: readVision(config.vision_config ?? null),
      slidingWindow: pick("use_sliding_window") === false ? null : pick("sliding_window"),
      isEncoderOnly,
      positionEmbeddings: isEncoderOnly ? (maxPositionEmbeddings ?? 0) + (pick("type_vocab_size") ?? 0) : 0,
    },
    missing,
    defaulted,
    invalid,
  };
}

function readKvHeads(fields: FieldReader, attentionHeads: number | null): number | null {
  if (fields.pick("multi_query") === true) return 1;
  const given = fields.count("num_key_value_heads", { required: false });
  if (given !== null || attentionHeads === null) return given;
  fields.defaulted.push(`${fields.prefix}num_key_value_heads = ${attentionHeads} (none given: every head keeps its own K and V)`);
  return attentionHeads;
}

function attentionKind(model: {
  isEncoderOnly: boolean;
  mla: boolean;
  kvHeads: number | null;
  attentionHeads: number | null;
}): AttentionKind {
  if (model.isEncoderOnly) return "none";
  if (model.mla) return "mla";
  if (model.kvHeads === 1) return "mqa";
  if (model.kvHeads !== null && model.attentionHeads !== null && model.kvHeads < model.attentionHeads) return "gqa";
  return "mha";
}

function readMoe(fields: FieldReader, intermediateSize: number | null): MoeFacts | null {
  const { pick } = fields;
  const experts = pick("num_local_experts") ?? pick("num_experts") ?? pick("n_routed_experts");
  if (experts === null || experts <= 1) return null;
  const expertIntermediateSize = pick("moe_intermediate_size") ?? intermediateSize;
  const shared = pick("shared_expert_intermediate_size") ?? (pick("n_shared_experts") ?? 0) * (expertIntermediateSize ?? 0);
  return {
    experts,
    expertsPerToken: pick("num_experts_per_tok"),
    expertIntermediateSize,
    sharedIntermediateSize: shared,
    denseLayers: pick("first_k_dense_replace") ?? 0,
  };
}

function readVision(vision: z.infer<typeof visionConfigSchema> | null): ModelFacts["vision"] {
  if (!vision?.hidden_size || !vision.intermediate_size || !vision.num_hidden_layers) return null;
  return { layers: vision.num_hidden_layers, hiddenSize: vision.hidden_size, intermediateSize: vision.intermediate_size };
}
