// The Hugging Face Hub as the embedded e2e server sees it (HF_ENDPOINT): a small chat model to import, a larger one
// whose weights stall after the first megabyte (so an import can be cancelled halfway), and a gated one.
import { startHubStandIn } from "@/tests/stand-ins/hugging-face-hub";
import { generateModelRepo } from "@/tests/stand-ins/hub-repos";

const port = Number(process.env.HUB_PORT ?? 3191);

async function main() {
  const hub = await startHubStandIn(
    [
      generateModelRepo({ id: "acme/tiny-chat", layers: 2, hidden: 128, vocab: 512, seed: 11 }),
      generateModelRepo({ id: "acme/slow-chat", layers: 4, hidden: 512, vocab: 4096, seed: 12 }),
      { ...generateModelRepo({ id: "acme/gated-chat", layers: 1, hidden: 64, vocab: 128, seed: 13 }), gated: "manual" },
    ],
    [],
    { port },
  );
  hub.interrupt("acme/slow-chat", "model.safetensors", { afterBytes: 1024 * 1024, mode: "stall", times: 1_000 });
  console.log(`Hub stand-in at ${hub.url}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
