"use client";
// One card holding a stacked bar chart (recharts): a category per bar, a few series stacked in each.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export interface StackedSeries {
  key: string;
  name: string;
  color: string;
}

export function StackedBarCard({
  title,
  testId,
  data,
  categoryKey,
  bars,
  empty,
}: {
  title: string;
  testId: string;
  data: Array<Record<string, unknown>>;
  /** The field each bar is labelled with (a day, a tenant, a node). */
  categoryKey: string;
  bars: StackedSeries[];
  /** Said instead of an empty chart; without it, an empty chart is drawn. */
  empty?: string;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{title}</CardTitle>
      </CardHeader>
      <CardContent className="h-64" data-testid={testId}>
        {data.length === 0 && empty ? (
          <p className="text-sm text-muted-foreground">{empty}</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey={categoryKey} fontSize={12} interval={data.length <= 16 ? 0 : "preserveStartEnd"} />
              <YAxis allowDecimals={false} fontSize={12} />
              <Tooltip />
              <Legend />
              {bars.map((bar) => (
                <Bar key={bar.key} dataKey={bar.key} name={bar.name} stackId="stack" fill={bar.color} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        )}
      </CardContent>
    </Card>
  );
}
