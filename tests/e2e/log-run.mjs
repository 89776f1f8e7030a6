// Logs one run with the official @wandb/sdk, the way a user's training script would.
// The server and key come from WANDB_BASE_URL / WANDB_API_KEY; the run's shape from E2E_* variables.
// Values are a pure function of the step so the test can recompute every one of them.
import wandb from '@wandb/sdk';

const steps = Number.parseInt(process.env.E2E_STEPS ?? '200', 10);
const options = {
  project: process.env.E2E_PROJECT || undefined,
  entity: process.env.E2E_ENTITY || undefined,
  name: process.env.E2E_DISPLAY_NAME || undefined,
  id: process.env.E2E_RUN_ID || undefined,
  config: JSON.parse(process.env.E2E_CONFIG ?? '{}'),
  job_type: process.env.E2E_JOB_TYPE || undefined,
  tags: process.env.E2E_TAGS ? process.env.E2E_TAGS.split(',') : undefined,
};

const run = await wandb.init(options);
for (let step = 0; step < steps; step += 1) {
  wandb.log({
    loss: 1 / (step + 1),
    acc: step / steps,
    epoch: Math.floor(step / 10),
    'train/lr': 0.01 * 0.99 ** step,
  });
}
// A final row that only carries a summary-style value, as the recorded JS run does.
wandb.log({ best_acc: (steps - 1) / steps });
await wandb.finish();
console.log(JSON.stringify({ id: run.id, project: run.project, entity: run.entity }));
