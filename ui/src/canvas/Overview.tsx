import { Panel, useStore as useFlowStore, useReactFlow } from "@xyflow/react";
import { memo, type PointerEvent, useEffect, useRef } from "react";
import type { CardBox, Layout } from "../bindings";

const WIDTH = 200;
const HEIGHT = 140;

/**
 * The whole map in a corner, with the part on screen framed: click or drag in it to go there, wheel to zoom.
 * Drawn from the layout (xyflow's own minimap subscribes once per node, which costs every edit on a large map): the
 * cards painted once into a canvas, the frame an SVG over it — so panning and zooming, which move the frame every
 * frame, repaint a picture instead of every card's outline.
 */
export function Overview({ layout, theme }: { layout: Layout; theme: string }) {
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
      <OverviewCards
        cards={layout.cards}
        width={layout.width * scale}
        height={layout.height * scale}
        scale={scale}
        theme={theme}
      />
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
        <rect className="overview-frame" x={fx} y={fy} width={fw} height={fh} vectorEffect="non-scaling-stroke" />
      </svg>
    </Panel>
  );
}

/**
 * Every card's box, painted again when the cards, the size or the theme (its colour) change — after the frame that
 * shows the change, so that an edit's frame does not wait for the overview.
 */
const OverviewCards = memo(function OverviewCards(props: {
  cards: CardBox[];
  width: number;
  height: number;
  scale: number;
  theme: string;
}) {
  const { cards, width, height, scale, theme } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const colour = useRef<{ theme: string; fill: string } | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        const element = canvas.current;
        const context = element?.getContext("2d");
        if (!element || !context) return;
        // The colour comes from the theme's CSS: read once per theme (reading it makes the browser style the page).
        if (colour.current?.theme !== theme) colour.current = { theme, fill: getComputedStyle(element).color };
        // Sharp on a high-density screen: a backing pixel per device pixel.
        const ratio = window.devicePixelRatio || 1;
        element.width = Math.round(width * ratio);
        element.height = Math.round(height * ratio);
        context.setTransform(scale * ratio, 0, 0, scale * ratio, 0, 0);
        context.fillStyle = colour.current.fill;
        context.beginPath();
        for (const { rect } of cards) context.rect(rect.x, rect.y, rect.width, rect.height);
        context.fill();
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [cards, width, height, scale, theme]);
  return <canvas ref={canvas} className="overview-cards" style={{ width, height }} />;
});
