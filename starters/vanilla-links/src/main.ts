import "./style.css";
import { ApiError, createLink, deleteLink, listLinks, type FieldErrors, type LinkStats } from "./api.ts";

const form = document.querySelector<HTMLFormElement>("#create")!;
const status = document.querySelector<HTMLElement>("#form-status")!;
const table = document.querySelector<HTMLTableElement>("#links")!;
const empty = document.querySelector<HTMLElement>("#empty")!;

function showFieldErrors(fields: FieldErrors): void {
  for (const name of ["url", "slug"] as const) {
    const input = form.elements.namedItem(name) as HTMLInputElement;
    const message = fields[name] ?? "";
    document.querySelector(`#${name}-error`)!.textContent = message;
    input.toggleAttribute("aria-invalid", !!message);
  }
  const first = (["url", "slug"] as const).find((name) => fields[name]);
  if (first) (form.elements.namedItem(first) as HTMLInputElement).focus();
}

function shortUrl(link: LinkStats): string {
  return new URL(`/s/${link.slug}`, location.origin).href;
}

function row(link: LinkStats): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.dataset.slug = link.slug;
  const short = Object.assign(document.createElement("a"), { href: `/s/${link.slug}`, textContent: `/s/${link.slug}`, className: "short" });
  const target = Object.assign(document.createElement("a"), { href: link.url, textContent: link.url, className: "target", rel: "noopener noreferrer" });
  const copy = Object.assign(document.createElement("button"), { type: "button", textContent: "Copy", className: "secondary" });
  copy.setAttribute("aria-label", `Copy /s/${link.slug}`);
  copy.addEventListener("click", async () => {
    await navigator.clipboard.writeText(shortUrl(link));
    copy.textContent = "Copied";
    setTimeout(() => (copy.textContent = "Copy"), 1500);
  });
  const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "Delete", className: "danger" });
  remove.setAttribute("aria-label", `Delete /s/${link.slug}`);
  remove.addEventListener("click", () => void removeLink(link.slug));
  const cells = [[short], [target], [String(link.hits)], [copy, remove]] as const;
  cells.forEach((content, i) => {
    const td = document.createElement("td");
    td.append(...content);
    if (i === 2) td.className = "num hits";
    if (i === 3) td.className = "actions";
    tr.append(td);
  });
  return tr;
}

function render(links: LinkStats[]): void {
  table.tBodies[0]!.replaceChildren(...links.map(row));
  table.hidden = links.length === 0;
  empty.hidden = links.length > 0;
}

async function refresh(): Promise<void> {
  try {
    render(await listLinks());
  } catch (error) {
    status.textContent = `Could not load your links: ${(error as Error).message}`;
  }
}

async function removeLink(slug: string): Promise<void> {
  try {
    await deleteLink(slug);
    status.textContent = `Deleted /s/${slug}.`;
  } catch (error) {
    status.textContent = (error as Error).message;
  }
  await refresh();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const button = form.querySelector("button")!;
  button.disabled = true;
  status.textContent = "";
  try {
    const link = await createLink({ url: String(data.get("url") ?? ""), slug: String(data.get("slug") ?? "") });
    showFieldErrors({});
    form.reset();
    status.textContent = `Created ${shortUrl(link)}`;
    await refresh();
  } catch (error) {
    if (error instanceof ApiError && Object.keys(error.fields).length) showFieldErrors(error.fields);
    else status.textContent = (error as Error).message;
  } finally {
    button.disabled = false;
  }
});

void refresh();
