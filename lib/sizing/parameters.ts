// Parameter count from the architecture when the Hub's safetensors summary is not at hand: embeddings, per-layer
// attention (MLA aware) and MLP (every expert of a mixture counts: all are resident), norms, a vision tower if any.
// Biases and oddities of single models are left out, so it is an estimate and says so. Pure.
import type { ModelFacts } from "./model-config";

export interface ParameterBreakdown {
  /** Word embeddings, plus absolute position and token-type embeddings for encoders. */
  embeddings: number;
  /** The output projection; 0 when tied to the embeddings or for encoders (no LM head). */
  lmHead: number;
  attention: number;
  /** Dense MLPs, shared experts and routers. */
  mlp: number;
  /** Routed experts, every one of them. */
  experts: number;
  norms: number;
  /** Vision encoder layers and projector of a multimodal model (rough: attention and MLP matrices only). */
  vision: number;
  total: number;
  /** Parameters read per generated token: all but the routed experts the router did not pick. */
  active: number;
  /** The decoder's linear layers: what weight-only quantization (AWQ, GPTQ, fp8) stores quantized. */
  quantizable: number;
  /** The formula per part, for showing the numbers behind the estimate. */
  formulas: string[];
}

/** Model types with a two-matrix MLP (up, down) instead of the gated three (gate, up, down). */
const TWO_MATRIX_MLP = new Set(["gpt2", "gpt_neox", "gptj", "opt", "phi", "falcon", "bloom", "mpt", "gpt_bigcode", "starcoder2"]);

/** What the architecture estimate needs and the config lacks; empty when it can be made. */
export function parameterEstimateGaps(facts: ModelFacts): string[] {
  const gaps: string[] = [];
  if (facts.layers === null) gaps.push("num_hidden_layers");
  if (facts.hiddenSize === null) gaps.push("hidden_size");
  if (facts.attentionHeads === null) gaps.push("num_attention_heads");
  if (facts.vocabSize === null) gaps.push("vocab_size");
  if (facts.intermediateSize === null && facts.moe?.expertIntermediateSize == null) gaps.push("intermediate_size");
  return gaps;
}

export function estimateParameters(facts: ModelFacts): ParameterBreakdown | null {
  if (parameterEstimateGaps(facts).length > 0) return null;
  const layers = facts.layers as number;
  const h = facts.hiddenSize as number;
  const vocab = facts.vocabSize as number;
  const formulas: string[] = [];

  const { perLayer: attentionPerLayer, formula: attentionFormula } = attentionParameters(facts);
  const attention = layers * attentionPerLayer;
  formulas.push(`attention: ${layers} layers × (${attentionFormula}) = ${attention}`);

  const matrices = facts.isEncoderOnly || TWO_MATRIX_MLP.has(facts.textModelType ?? "") ? 2 : 3;
  const moe = facts.moe;
  const moeLayers = moe ? layers - moe.denseLayers : 0;
  const denseLayers = layers - moeLayers;
  const denseMlp = denseLayers * matrices * h * (facts.intermediateSize ?? 0);
  let mlp = denseMlp;
  let experts = 0;
  let idleExperts = 0;
  if (denseLayers > 0) formulas.push(`dense MLP: ${denseLayers} layers × ${matrices} × ${h} × ${facts.intermediateSize} = ${denseMlp}`);
  if (moe && moeLayers > 0) {
    const expert = 3 * h * (moe.expertIntermediateSize ?? 0);
    experts = moeLayers * moe.experts * expert;
    const sharedAndRouter = moeLayers * (3 * h * moe.sharedIntermediateSize + h * moe.experts);
    mlp += sharedAndRouter;
    idleExperts = moe.expertsPerToken !== null ? moeLayers * (moe.experts - moe.expertsPerToken) * expert : 0;
    formulas.push(
      `experts: ${moeLayers} layers × ${moe.experts} experts × 3 × ${h} × ${moe.expertIntermediateSize} = ${experts} (all resident)`,
    );
    if (sharedAndRouter > 0) formulas.push(`shared experts and routers: ${sharedAndRouter}`);
  }

  const positions = facts.positionEmbeddings;
  const embeddings = (vocab + positions) * h;
  const lmHead = facts.isEncoderOnly || facts.tieWordEmbeddings ? 0 : vocab * h;
  formulas.push(`embeddings: (${vocab}${positions ? ` + ${positions}` : ""}) × ${h} = ${embeddings}`);
  formulas.push(lmHead ? `LM head: ${vocab} × ${h} = ${lmHead}` : "LM head: 0 (tied to the embeddings, or none)");

  // Encoders: two layer norms with bias per layer plus linear biases; decoders: two RMS norms per layer and a final one.
  const norms = facts.isEncoderOnly ? layers * (4 * h + 5 * h + (facts.intermediateSize ?? 0)) : (2 * layers + 1) * h;
  const vision = visionParameters(facts);
  if (vision) formulas.push(`vision tower (rough): ${vision}`);

  const total = embeddings + lmHead + attention + mlp + experts + norms + vision;
  return {
    embeddings,
    lmHead,
    attention,
    mlp,
    experts,
    norms,
    vision,
    total,
    active: total - idleExperts,
    quantizable: attention + mlp + experts,
    formulas,
  };
}

function attentionParameters(facts: ModelFacts): { perLayer: number; formula: string } {
  const h = facts.hiddenSize as number;
  const heads = facts.attentionHeads as number;
  const headDim = facts.headDim ?? h / heads;
  const mla = facts.mla;
  if (mla) {
    const nope = mla.qkNopeHeadDim ?? headDim;
    const v = mla.vHeadDim ?? headDim;
    const qk = nope + mla.qkRopeHeadDim;
    const q = mla.qLoraRank ? h * mla.qLoraRank + mla.qLoraRank + mla.qLoraRank * heads * qk : h * heads * qk;
    const kvA = h * (mla.kvLoraRank + mla.qkRopeHeadDim) + mla.kvLoraRank;
    const kvB = mla.kvLoraRank * heads * (nope + v);
    const o = heads * v * h;
    return { perLayer: q + kvA + kvB + o, formula: `MLA q ${q} + kv_a ${kvA} + kv_b ${kvB} + o ${o}` };
  }
  const kvHeads = facts.kvHeads ?? heads;
  const q = h * heads * headDim;
  const kv = 2 * h * kvHeads * headDim;
  const o = heads * headDim * h;
  const bias = facts.attentionBias ? heads * headDim + 2 * kvHeads * headDim : 0;
  return {
    perLayer: q + kv + o + bias,
    formula: `q ${h}×${heads}×${headDim} + k,v 2×${h}×${kvHeads}×${headDim} + o ${heads}×${headDim}×${h}${bias ? ` + bias ${bias}` : ""}`,
  };
}

/** Encoder layers (4·h² attention + 2·h·i MLP each) and a LLaVA-style two-layer projector into the text model. */
function visionParameters(facts: ModelFacts): number {
  const vision = facts.vision;
  if (!vision) return 0;
  const encoder = vision.layers * (4 * vision.hiddenSize ** 2 + 2 * vision.hiddenSize * vision.intermediateSize);
  const text = facts.hiddenSize ?? 0;
  return encoder + vision.hiddenSize * text + text * text;
}
