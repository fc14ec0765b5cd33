/**
 * The customer's endpoint during a chaos run: the demo's verifying receiver (signatures checked
 * with the reference `standardwebhooks` library, bodies never kept), which can be taken down and
 * brought back on the same port, as a customer's server restarting would. What arrived is kept
 * across its lives.
 */
import { type DemoDelivery, type DemoReceiver, startDemoReceiver } from '../client/demo-receiver';

export interface ChaosReceiver {
  /** Registered once for the organization; the same URL in every life of the receiver. */
  url: string;
  /** Every request received, verified or not, in order of arrival. */
  deliveries: DemoDelivery[];
  /** Closes the port and every open connection: attempts meet a refused connection. */
  takeDown(): Promise<void>;
  bringUp(): Promise<void>;
}

export async function startChaosReceiver(secret: string): Promise<ChaosReceiver> {
  const deliveries: DemoDelivery[] = [];
  const onDelivery = (delivery: DemoDelivery) => deliveries.push(delivery);
  let receiver: DemoReceiver | undefined = await startDemoReceiver({ secret, onDelivery });
  const { url } = receiver;
  const port = Number(new URL(url).port);
  return {
    url,
    deliveries,
    async takeDown() {
      await receiver?.stop();
      receiver = undefined;
    },
    async bringUp() {
      receiver ??= await startDemoReceiver({ secret, onDelivery, port });
    },
  };
}
