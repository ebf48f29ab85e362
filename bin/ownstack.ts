/**
 * The CDK app: which stacks exist, and the cdk-nag packs every synth is checked against.
 * A finding that is neither fixed nor acknowledged beside its resource fails the synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { AppStack } from '../lib/app-stack.js';
import { VendorStack } from '../lib/vendor-stack.js';

const app = new App();

// The application plane, deployed by each customer into their own account, in the account
// and region of the deploying credentials. A second installation in the same account and
// region needs its own CloudFormation stack name: `-c stackName=OwnstackStaging`.
new AppStack(app, 'OwnstackApp', { stackName: app.node.tryGetContext('stackName') });

// The control plane, deployed once by the vendor into the vendor's own account
// (docs/control-plane.md). Never part of a release: lib/release/ synthesizes the AppStack only.
new VendorStack(app, 'OwnstackVendor', { stackName: app.node.tryGetContext('vendorStackName') });

Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
