import { MqBroker } from '@cdktf/provider-aws/lib/mq-broker/index.js';
import type { Construct } from 'constructs';
import type { CdktfInput } from '../../cdktf-runtime.js';
import { awsName, isProduction, param, statePassword, tags } from './common.js';

/** Amazon MQ for RabbitMQ: private, encrypted; a three-node cluster in production. */
export default function amazonmq(scope: Construct, input: CdktfInput) {
  const production = isProduction(input);
  const password = statePassword(scope, input, 'password');
  const broker = new MqBroker(scope, input.resource.tfName, {
    brokerName: awsName(input, 50),
    engineType: 'RabbitMQ',
    engineVersion: '3.13',
    autoMinorVersionUpgrade: true,
    hostInstanceType: production ? 'mq.m5.large' : 'mq.t3.micro',
    deploymentMode: production ? 'CLUSTER_MULTI_AZ' : 'SINGLE_INSTANCE',
    publiclyAccessible: false,
    user: [{ username: 'app', password }],
    tags: tags(input),
  });
  const endpoint = `${broker.instances.get(0).endpoints}`;
  return {
    // The endpoint is amqps://<host>:5671; the contract wants the host alone.
    host: `\${trimsuffix(trimprefix(${endpoint.slice(2, -1)}[0], "amqps://"), ":5671")}`,
    port: 5671,
    vhost: param(input, 'vhost', '/'),
    username: 'app',
    password,
  };
}
