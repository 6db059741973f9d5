// A pod the node has no room for, in the page: the cluster view's card says why it waits (the scheduler's first
// reason, as `kubectl describe` shows it), selecting it shows the whole message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, typeLine, axe } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// A lesson opened at 60x with the helpers its test drives it by: wait for step n, press "Show me", wait for output.
async function openLesson(id) {
  const opened = await openPage(browser, server.base + `/#lesson=${id}`);
  const { page } = opened;
  await page.getByTestId('lesson-step').waitFor();
  await page.getByLabel('Speed').selectOption('60');
  const at = (n) => page.waitForFunction((n) => new RegExp(`Step ${n} `).test(document.querySelector('[data-testid=lesson-step]')?.textContent || ''),
    n, { timeout: 60000 });
  const show = () => page.getByRole('button', { name: 'Show me' }).click();
  const out = (re) => page.getByLabel('Terminal output').filter({ hasText: re }).waitFor({ timeout: 60000 });
  return { ...opened, at, show, out };
}

test('a pod that does not fit shows the scheduler\'s reason on its card', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('Terminal', { exact: true }).waitFor();
  await page.getByLabel('Speed').selectOption('10');
  // minikube's node has 2 CPUs and kube-system asks 750m: two pods of 600m fit, the third does not
  await typeLine(page, 'helm install big ./python-time-app --set replicaCount=3 --set resources.requests.cpu=600m');
  const card = page.getByTestId('pod-big-python-time-app-2');
  await card.waitFor({ timeout: 60000 });
  await card.filter({ hasText: 'Insufficient cpu' }).waitFor({ timeout: 60000 });
  assert.equal(await card.getAttribute('data-status'), 'Pending');
  // the node's line says why: 750m + 2 x 600m of 2 CPUs requested (describe node's truncated share)
  await page.getByTestId('sts-status').filter({ hasText: /node\/minikube: Ready · pods \d+\/110 · requests cpu 97%, memory \d+%/ }).waitFor();
  await card.click();
  await page.getByText(/the scheduler says: 0\/1 nodes are available: 1 Insufficient cpu\./).waitFor();
  assert.deepEqual(await axe(page), []);
  // scaled back to what fits, the waiting pod goes (its start once room is made is tests/shell/sched_cpu.sh)
  await typeLine(page, 'kubectl scale sts big-python-time-app --replicas=2');
  await card.waitFor({ state: 'detached', timeout: 60000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the requests lesson fills the node and its steps tick as the scheduler refuses pod 2', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/#lesson=requests');
  await page.getByTestId('lesson-step').waitFor();
  await page.getByLabel('Speed').selectOption('60');
  const step = async () => Number(/Step (\d+)/.exec(await page.getByTestId('lesson-step').textContent())[1]);
  assert.equal(await step(), 1);
  await page.getByRole('button', { name: 'Show me' }).click();
  await page.waitForFunction(() => /Step 2 /.test(document.querySelector('[data-testid=lesson-step]')?.textContent || ''),
    null, { timeout: 60000 });
  // step 2's one command; its check ticks on the Pending pod
  await page.getByRole('button', { name: 'Show me' }).click();
  await page.getByTestId('pod-python-stateful-python-time-app-2').filter({ hasText: 'Insufficient cpu' }).waitFor({ timeout: 60000 });
  await page.waitForFunction(() => /Step 3 /.test(document.querySelector('[data-testid=lesson-step]')?.textContent || ''),
    null, { timeout: 60000 });
  // step 3 shows the scheduler's event and the node's books ("Show me" types one command at a time)
  await page.getByRole('button', { name: 'Show me' }).click();
  await page.getByLabel('Terminal output').filter({ hasText: /FailedScheduling .*1 Insufficient cpu\./ }).waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: 'Show me' }).click();
  await page.getByLabel('Terminal output').filter({ hasText: /cpu +1750m \(87%\)/ }).waitFor({ timeout: 60000 });
  await page.waitForFunction(() => /Step 4 /.test(document.querySelector('[data-testid=lesson-step]')?.textContent || ''),
    null, { timeout: 60000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the maintenance lesson cordons, drains and uncordons, and pod 0 comes back with its visits', async () => {
  const { page, context, errors, at, show, out } = await openLesson('maintenance');
  await show();
  await at(2);
  await show(); await out(/node\/minikube cordoned/);
  await show(); await out(/Ready,SchedulingDisabled/);
  await show(); await out(/Taints: +node\.kubernetes\.io\/unschedulable:NoSchedule/);
  await page.getByTestId('sts-status')
    .filter({ hasText: 'node/minikube: Ready,SchedulingDisabled · pods ' })
    .filter({ hasText: 'taints node.kubernetes.io/unschedulable:NoSchedule' }).waitFor();
  await at(3);
  await show(); await out(/cannot delete Pods that declare no controller \(use --force to override\): kube-system\/storage-provisioner/);
  await at(4);
  await show();
  const card = page.getByTestId('pod-python-stateful-python-time-app-0');
  await card.filter({ hasText: 'node(s) were unsch' }).waitFor({ timeout: 60000 });
  await at(5);
  await show(); await out(/persistentvolumeclaim\/python-data-python-stateful-python-time-app-0 +Bound/);
  await show(); await out(/node\/minikube uncordoned/);
  // the lesson ends once both pods are Ready again with pod 0's count carried on (its check)
  await card.filter({ hasText: /visits \d+/ }).waitFor({ timeout: 60000 });
  await page.getByTestId('pod-python-stateful-python-time-app-1').filter({ hasText: /visits \d+/ }).waitFor({ timeout: 60000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the budgets lesson: drain stops at the disruption budget, a delete goes around it', async () => {
  const { page, context, errors, at, show, out } = await openLesson('budgets');
  const status = (text) => page.getByTestId('sts-status').filter({ hasText: text }).waitFor({ timeout: 60000 });
  await show();
  await at(2);
  // the budget's line in the cluster panel, from the disruption controller's status
  await status('pdb/python-stateful-python-time-app: allowed disruptions 1 · healthy 3 of 3, needs 2');
  await show(); await out(/python-stateful-python-time-app +2 +N\/A +1 /);
  await show(); await out(/Allowed disruptions: +1/);
  await at(3);
  await show();
  await out(/Cannot evict pod as it would violate the pod's disruption budget\./);
  await at(4);
  await status('allowed disruptions 0 · healthy 2 of 3, needs 2');
  await show();
  await at(5);
  await show(); await out(/pod "python-stateful-python-time-app-1" deleted/);
  // an integer minAvailable expects the pods that exist (disruption.go getExpectedPodCount): pod 1 is not back yet
  await status('allowed disruptions 0 · healthy 1 of 2, needs 2');
  await at(6);
  await show(); await out(/node\/minikube uncordoned/);
  await status('allowed disruptions 1 · healthy 3 of 3, needs 2');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});
