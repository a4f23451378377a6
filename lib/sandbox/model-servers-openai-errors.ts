// OpenAI's error shape as the simulated LLM servers answer it: all four keys present, param and code may be null.
import { json, type ServerReply } from "./model-servers-http";

export interface OpenAIErrorFields {
  type?: string;
  param?: string | null;
  code?: string | null;
}

export function openAIError(status: number, message: string, fields: OpenAIErrorFields = {}): ServerReply {
  const error = { message, type: fields.type ?? "invalid_request_error", param: fields.param ?? null, code: fields.code ?? null };
  return json(status, { error });
}

export function modelNotFound(model: string, message = `The model '${model}' does not exist.`): ServerReply {
  return openAIError(404, message, { param: "model", code: "model_not_found" });
}
