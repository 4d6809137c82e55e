// Exits 0 when the broker answers a metadata request (used by kafka.sh wait).
import kafkajs from 'kafkajs';

const broker = process.argv[2] ?? '127.0.0.1:9092';
const kafka = new kafkajs.Kafka({
  clientId: 'chairside-probe',
  brokers: [broker],
  logLevel: kafkajs.logLevel.NOTHING,
  retry: { retries: 0 },
  connectionTimeout: 1000,
});
const admin = kafka.admin();
try {
  await admin.connect();
  await admin.describeCluster();
  await admin.disconnect();
  process.exit(0);
} catch {
  process.exit(1);
}
