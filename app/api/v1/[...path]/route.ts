import { NextResponse } from "next/server";

// Unknown API paths answer in the API's error shape, not with the HTML 404 page.
function notFound(request: Request) {
  return NextResponse.json({ error: `No API route ${new URL(request.url).pathname}`, details: null }, { status: 404 });
}

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
