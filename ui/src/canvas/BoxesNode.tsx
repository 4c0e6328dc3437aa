import { memo } from "react";
import type { BoxesNodeData, BoxItem } from "./nodes";

/**
 * Zoomed out, the cards as plain boxes in one layer: one xyflow node for all of them, drawn in memoised runs so
 * an edit redraws the runs it touched. Clicks reach the canvas's handlers through the layer node; each box says
 * which card it is (`data-card-id`).
 */
function BoxesNodeView({ data }: { data: BoxesNodeData }) {
  return (
    <div className="boxes-layer" style={{ width: data.width, height: data.height }}>
      {data.runs.map((run) => (
        <BoxRun key={run.key} boxes={run.items} />
      ))}
    </div>
  );
}

const BoxRun = memo(function BoxRun({ boxes }: { boxes: BoxItem[] }) {
  return boxes.map((b) => <Box key={b.id} box={b} />);
});

const Box = memo(function Box({ box }: { box: BoxItem }) {
  const { x, y, width, height } = box.rect;
  return (
    <div
      className={box.className}
      data-testid="card"
      data-card-id={box.id}
      title={box.title}
      style={{
        position: "absolute",
        left: x,
        top: y,
        width,
        height,
        pointerEvents: "auto",
        background: box.heat ?? undefined,
      }}
    />
  );
});

export const BoxesNode = memo(BoxesNodeView);
