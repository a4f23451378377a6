import { NotFoundMessage } from "@/components/layout/not-found-message";

export const metadata = { title: "Not found · Modelport" };

export default function NotFound() {
  return (
    <main className="px-4">
      <NotFoundMessage what="Page" />
    </main>
  );
}
