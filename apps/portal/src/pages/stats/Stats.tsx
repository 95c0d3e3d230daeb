import { NotFoundBlock } from '../NotFound';

/** Placeholder until this page is built. */
export default function Stats() {
  return <NotFoundBlock title="即将开放" />;
}
