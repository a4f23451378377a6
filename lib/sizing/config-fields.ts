// How sizing finds a field of a config.json: in `text_config` first (multimodal configs), then at the top level,
// then under the names GPT-2, Falcon or MPT give it, then transformers' config-class default, noting every fallback
// and every absence. Pure.
import type { ModelConfig, TextConfig } from "./model-config";

/** transformers' config-class defaults that published configs lean on (llava's `text_config` names few dimensions). */
const TRANSFORMERS_DEFAULTS: Record<string, { className: string; values: Partial<Record<keyof TextConfig, number>> }> = {
  llama: {
    className: "LlamaConfig",
    values: {
      hidden_size: 4096,
      intermediate_size: 11008,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      max_position_embeddings: 2048,
      vocab_size: 32000,
    },
  },
  mistral: {
    className: "MistralConfig",
    values: {
      hidden_size: 4096,
      intermediate_size: 14336,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      max_position_embeddings: 131072,
      vocab_size: 32000,
    },
  },
};

const ALIASES: Partial<Record<keyof TextConfig, (keyof TextConfig)[]>> = {
  hidden_size: ["n_embd", "d_model"],
  num_hidden_layers: ["n_layer", "n_layers", "num_layers"],
  num_attention_heads: ["n_head", "n_heads"],
  num_key_value_heads: ["num_kv_heads", "n_head_kv", "multi_query_group_num"],
  max_position_embeddings: ["n_positions", "max_seq_len", "seq_length"],
  intermediate_size: ["n_inner", "ffn_hidden_size"],
};

export interface FieldReader {
  text: TextConfig;
  /** "text_config." when the text model sits in `text_config`, for naming fields in messages. */
  prefix: string;
  textModelType: string | null;
  /** Fields asked for as required and not found. */
  missing: string[];
  /** Fields found only through an alias or a default, each with where from. */
  defaulted: string[];
  /** A dimension: text_config, top level, alias, transformers default; absent ones go to `missing` unless optional. */
  count(key: keyof TextConfig, options?: { required?: boolean }): number | null;
  /** Any field as written, text_config first, without fallbacks. */
  pick<K extends keyof TextConfig>(key: K): NonNullable<TextConfig[K]> | null;
}

export function fieldReader(config: ModelConfig): FieldReader {
  const text: TextConfig = config.text_config ?? {};
  const prefix = config.text_config ? "text_config." : "";
  const textModelType = text.model_type ?? config.model_type ?? null;
  const defaults = textModelType ? TRANSFORMERS_DEFAULTS[textModelType] : undefined;
  const missing: string[] = [];
  const defaulted: string[] = [];
  const pick = <K extends keyof TextConfig>(key: K): NonNullable<TextConfig[K]> | null => text[key] ?? config[key] ?? null;
  const count = (key: keyof TextConfig, options: { required?: boolean } = {}): number | null => {
    const direct = pick(key);
    if (typeof direct === "number") return direct;
    for (const alias of ALIASES[key] ?? []) {
      const value = pick(alias);
      if (typeof value === "number") {
        defaulted.push(`${key} = ${value} (from ${alias})`);
        return value;
      }
    }
    const fallback = defaults?.values[key];
    if (fallback !== undefined) {
      defaulted.push(`${prefix}${key} = ${fallback} (transformers' ${defaults?.className} default)`);
      return fallback;
    }
    if (options.required !== false) missing.push(`${prefix}${key}`);
    return null;
  };
  return { text, prefix, textModelType, missing, defaulted, count, pick };
}
