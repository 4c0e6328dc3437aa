import { Panel, useStore as useFlowStore, useReactFlow } from "@xyflow/react";
import { memo, type PointerEvent, useMemo, useRef } from "react";
import type { CardBox, Layout } from "../bindings";
import { Memo, type Run, runsByTile } from "./nodes";

const WIDTH = 200;
const HEIGHT = 140;

/**
 * The whole map in a corner, with the part on screen framed: click or drag in it to go there, wheel to zoom.
 * Drawn from the layout (one memoised path per run of cards), so an edit redraws the runs it touched and nothing else;
 * xyflow's own minimap subscribes once per node, which costs every edit on a large map.
 */
export function Overview({ layout }: { layout: Layout }) {
  const flow = useReactFlow();
  const scale = Math.min(WIDTH / layout.width, HEIGHT / layout.height);
  const frame = useFlowStore((s) => {
    const [x, y, zoom] = s.transform;
    return `${-x / zoom} ${-y / zoom} ${s.width / zoom} ${s.height / zoom}`;
  });
  const [fx, fy, fw, fh] = frame.split(" ").map(Number) as [number, number, number, number];
  const dragging = useRef(false);
  const goTo = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = (event.clientX - box.left) / scale;
    const y = (event.clientY - box.top) / scale;
    void flow.setCenter(x, y, { zoom: flow.getZoom() });
  };
  return (
    <Panel position="bottom-right" className="overview">
      <svg
        width={layout.width * scale}
        height={layout.height * scale}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label="Overview of the map"
        data-testid="overview"
        onPointerDown={(event) => {
          dragging.current = true;
          event.currentTarget.setPointerCapture(event.pointerId);
          goTo(event);
        }}
        onPointerMove={(event) => dragging.current && goTo(event)}
        onPointerUp={() => {
          dragging.current = false;
        }}
        onWheel={(event) => void (event.deltaY < 0 ? flow.zoomIn() : flow.zoomOut())}
      >
        <OverviewCards cards={layout.cards} />
        <rect className="overview-frame" x={fx} y={fy} width={fw} height={fh} vectorEffect="non-scaling-stroke" />
      </svg>
    </Panel>
  );
}

/**
 * Every card's box, one path per run (see runsByTile): an edit redraws the runs it touched, and one that moves the
 * whole map (a stage grew) redraws a path per run instead of a rect per card.
 */
const OverviewCards = memo(function OverviewCards({ cards }: { cards: CardBox[] }) {
  const memo = useRef(new Memo<Run<CardBox>>());
  const runs = useMemo(() => runsByTile(memo.current, cards, (card) => card.rect), [cards]);
  return (
    <g className="overview-cards">
      {runs.map((run) => (
        <OverviewRun key={run.key} boxes={run.items} />
      ))}
    </g>
  );
});

const OverviewRun = memo(function OverviewRun({ boxes }: { boxes: CardBox[] }) {
  const outlines = boxes.map(({ rect: { x, y, width, height } }) => `M${x} ${y}h${width}v${height}h${-width}z`);
  return <path d={outlines.join("")} />;
});
