import { AutoComplete, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { RESOLUTION_BODIES, type TDecisionStage } from '@mpw/contracts';
import { useI18n } from '../i18n';
import { todayIso, type MeetingValues } from '../domain';

/** Meeting bodies offered for each 四议两公开 stage (free text allowed, except a resolution's two legal bodies). */
const BODIES: Record<TDecisionStage, string[]> = {
  proposal: ['村党组织会议', '党支部委员会'],
  consultation: ['两委联席会议'],
  review: ['党员大会'],
  resolution: [...RESOLUTION_BODIES],
  resolution_published: ['村务公开栏', '村务公开栏和微信群'],
  result_published: ['村务公开栏', '村务公开栏和微信群'],
};

/**
 * The fields of a 四议两公开 meeting record (ZMeetingRecord / ZRecordDecisionStageRequest), under `prefix`.
 * Voting stages (review, resolution) need the counts; a resolution names 村民会议 or 村民代表会议.
 */
export default function MeetingFields({ prefix, stage }: { prefix: string[]; stage?: TDecisionStage | null }) {
  const { t } = useI18n();
  const name = (k: keyof MeetingValues) => [...prefix, k];
  const voting = stage === 'review' || stage === 'resolution';
  const counts = voting ? [{ required: true, message: t('decision.countRequired') }] : [];
  const options = (stage ? BODIES[stage] : Object.values(BODIES).flat()).filter((v, i, a) => a.indexOf(v) === i).map((value) => ({ value }));
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item
          name={name('body')}
          label={t('decision.body')}
          extra={stage === 'resolution' ? t('decision.resolutionBodyHint') : t('decision.bodyHint')}
          rules={stage === 'resolution' ? [{ required: true, message: t('decision.resolutionBodyHint') }] : []}
        >
          {stage === 'resolution' ? <Select options={options} data-testid="meeting-body" /> : <AutoComplete options={options} data-testid="meeting-body" />}
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={name('heldOn')} label={t('decision.heldOn')} rules={[{ required: true, message: t('decision.heldOnRequired') }]}>
          <Input type="date" max={todayIso()} data-testid="meeting-heldon" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={name('place')} label={t('decision.place')}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={name('chair')} label={t('decision.chair')}>
          <Input maxLength={50} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={name('recorder')} label={t('decision.recorder')}>
          <Input maxLength={50} />
        </Form.Item>
      </Col>
      <Col xs={12} md={12}>
        <Form.Item name={name('eligible')} label={t('decision.eligible')} rules={counts}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="meeting-eligible" />
        </Form.Item>
      </Col>
      <Col xs={12} md={12}>
        <Form.Item name={name('attendees')} label={t('decision.attendees')} rules={counts}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="meeting-attendees" />
        </Form.Item>
      </Col>
      <Col xs={8}>
        <Form.Item name={name('votesFor')} label={t('decision.votesFor')} rules={counts}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="meeting-votesfor" />
        </Form.Item>
      </Col>
      <Col xs={8}>
        <Form.Item name={name('votesAgainst')} label={t('decision.votesAgainst')}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={8}>
        <Form.Item name={name('abstentions')} label={t('decision.abstentions')}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name={name('minutes')} label={t('decision.minutes')}>
          <Input.TextArea rows={3} maxLength={5000} showCount />
        </Form.Item>
      </Col>
    </Row>
  );
}
