// Comparing a ClusterRole's rules with the calls the code makes: what is missing (a call no rule grants) and what is
// extra (a rule no call needs), each named as "<verb> <resource>[.<group>]".
import type { KubernetesCall } from "./kubernetes-calls";

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Grant {
  apiGroup: string;
  resource: string;
  verb: string;
}

export const grantName = (grant: Grant): string => `${grant.verb} ${grant.resource}${grant.apiGroup ? `.${grant.apiGroup}` : ""}`;

/** Every (group, resource, verb) a role's rules grant; wildcards and narrowed rules are reported, not expanded. */
export function grantsOf(rules: PolicyRule[]): { grants: Grant[]; problems: string[] } {
  const grants: Grant[] = [];
  const problems: string[] = [];
  for (const [index, rule] of rules.entries()) {
    const all = [...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...(rule.verbs ?? [])];
    if (all.includes("*")) problems.push(`rule ${index} uses a wildcard: grant each call by name`);
    if (rule.nonResourceURLs?.length) problems.push(`rule ${index} grants non-resource URLs, which Modelport never calls`);
    if (rule.resourceNames?.length) problems.push(`rule ${index} is narrowed to resourceNames, which the calls do not name`);
    for (const apiGroup of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? []) for (const verb of rule.verbs ?? []) grants.push({ apiGroup, resource, verb });
  }
  return { grants, problems };
}

export interface Coverage {
  /** Calls no rule grants, with where the code makes them. */
  missing: { grant: string; at: string[] }[];
  /** Rules no call needs. */
  extra: string[];
}

export function compareWithCalls(rules: PolicyRule[], calls: KubernetesCall[]): Coverage {
  const granted = new Set(grantsOf(rules).grants.map(grantName));
  const needed = new Map<string, string[]>();
  for (const call of calls) needed.set(grantName(call), [...(needed.get(grantName(call)) ?? []), `${call.at} (${call.call})`]);
  return {
    missing: [...needed]
      .filter(([grant]) => !granted.has(grant))
      .map(([grant, at]) => ({ grant, at }))
      .sort((a, b) => a.grant.localeCompare(b.grant)),
    extra: [...granted].filter((grant) => !needed.has(grant)).sort(),
  };
}
