/**
 * The console's quick-create link: opens CloudFormation in a region with the release's
 * template, a stack name and parameters prefilled, so launching is one click and one
 * review. The same template URL serves as the Quick Launch template of an AWS Marketplace
 * SaaS listing.
 */

export interface QuickCreateLink {
  readonly region: string;
  readonly templateUrl: string;
  readonly stackName: string;
  /** Prefilled parameter values, by parameter name. */
  readonly parameters?: Readonly<Record<string, string>>;
}

export function quickCreateUrl(link: QuickCreateLink): string {
  const query = new URLSearchParams({ templateURL: link.templateUrl, stackName: link.stackName });
  for (const [name, value] of Object.entries(link.parameters ?? {})) query.set(`param_${name}`, value);
  return `https://console.aws.amazon.com/cloudformation/home?region=${encodeURIComponent(link.region)}#/stacks/quickcreate?${query.toString()}`;
}
