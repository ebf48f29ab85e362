/**
 * The yardstick for cold starts: the least a DynamoDB-backed function can do. A client
 * created at init (configured as ours are, see functions/platform/dynamo.ts) and one
 * GetItem per invocation. Bundled by the bench with our functions' options; never deployed.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const tableName = process.env.TABLE_NAME ?? '';
const client = new DynamoDBClient(
  endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {},
);

export const handler = async (event: { userId?: string }) => {
  const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: `USER#${event.userId ?? ''}` }, sk: { S: 'PROFILE' } } }));
  return { statusCode: Item ? 200 : 404 };
};
