import { NextResponse } from "next/server";

// Unknown admin paths answer in the seed's error shape, not with the HTML 404 page. POST /api/admin/kubectl (run any
// kubectl command) is one of them on purpose: the Cluster view and /api/v1/admin/system take its place.
function notFound(request: Request) {
  return NextResponse.json({ error: `No API route ${new URL(request.url).pathname}` }, { status: 404 });
}

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
