import { useNavigate } from 'react-router';
import { Button } from 'antd-mobile';
import { S } from '../strings';

export function NotFoundBlock({ title, body }: { title: string; body?: string }) {
  const navigate = useNavigate();
  return (
    <div className="center-block not-found" role="alert" data-testid="not-found">
      <div className="not-found-mark" aria-hidden="true">?</div>
      <h1 className="not-found-title">{title}</h1>
      {body && <p className="muted">{body}</p>}
      <Button color="primary" size="large" onClick={() => navigate('/')}>
        {S.backToPicker}
      </Button>
    </div>
  );
}

export default function NotFound() {
  return (
    <div className="page">
      <NotFoundBlock title={S.pageNotFoundTitle} />
    </div>
  );
}
