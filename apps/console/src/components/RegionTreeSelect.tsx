import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { REGION_LEVEL_LABELS, type TRegionTreeNode } from '@mpw/contracts';
import { useI18n, type Lang } from '../i18n';
import { useRegion } from '../region';

interface Node {
  value: string;
  title: string;
  children: Node[];
}

function toNodes(nodes: TRegionTreeNode[], lang: Lang): Node[] {
  return nodes.map((n) => ({
    value: n.code,
    title: `${n.name}（${REGION_LEVEL_LABELS[n.level]?.[lang] ?? n.level} ${n.code}）`,
    children: toNodes(n.children ?? [], lang),
  }));
}

/** A form control choosing one region from the user's scope tree. */
export default function RegionTreeSelect(props: { value?: string; onChange?: (v: string) => void; disabled?: boolean; id?: string }) {
  const { lang, t } = useI18n();
  const { tree } = useRegion();
  const data = useMemo(() => toNodes(tree, lang), [tree, lang]);
  return (
    <TreeSelect
      id={props.id}
      value={props.value}
      onChange={(v: string) => props.onChange?.(v)}
      disabled={props.disabled}
      treeData={data}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={props.value ? [props.value] : []}
      placeholder={t('header.regionPlaceholder')}
      style={{ width: '100%' }}
    />
  );
}
