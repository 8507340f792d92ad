/** What the examples read from the environment. */
export interface ExampleSettings {
  token: string;
  port: number;
  /** Accept requests from this machine too (for local testing with `leonardo-webhook-gen send`). */
  allowLocal: boolean;
}

export function exampleSettings(): ExampleSettings {
  const token = process.env.LEONARDO_WEBHOOK_TOKEN;
  if (!token) {
    console.error('set LEONARDO_WEBHOOK_TOKEN to the webhook API key of your Production API key');
    process.exit(2);
  }
  const allowLocal = process.env.WEBHOOK_ALLOW_LOCAL === '1';
  if (!allowLocal) {
    // Without this line a local trial with `send` meets a 403 and nothing says why.
    console.log('only the documented sender addresses are accepted; to try it from this machine, set WEBHOOK_ALLOW_LOCAL=1');
  }
  return { token, port: Number(process.env.PORT ?? 3000), allowLocal };
}
