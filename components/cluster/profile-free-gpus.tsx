// Free GPUs per resource profile, as the sizing fit check counts them: in all, and the most one replica can get.
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { ProfileFreeGpus } from "@/lib/schemas/admin";

export function ProfileFreeGpusList({ profiles }: { profiles: ProfileFreeGpus[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Free GPUs per profile</CardTitle>
      </CardHeader>
      <CardContent>
        {profiles.length === 0 ? (
          <p className="text-sm text-muted-foreground">No resource profile asks for GPUs.</p>
        ) : (
          <ul className="grid gap-2 text-sm" aria-label="Free GPUs per profile">
            {profiles.map((profile) => (
              <li
                key={profile.name}
                data-testid={`profile-${profile.name}`}
                className="flex flex-wrap items-baseline justify-between gap-2"
              >
                <span>
                  <span className="font-medium">{profile.name}</span>
                  {profile.accelerator ? <span className="text-muted-foreground"> · {profile.accelerator}</span> : null}
                </span>
                <span className="tabular-nums">
                  <span className="font-medium">{profile.free}</span> of {profile.total} free
                  <span className="text-muted-foreground"> · at most {profile.largestFreeOnOneNode} on one node</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
