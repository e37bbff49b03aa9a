import { useEditor, useValue } from "tldraw";

/** Who is on the page (from presence), each with their colour and a Follow button. */
export function WhoIsHere() {
  const editor = useEditor();
  const me = useValue("me", () => ({ name: editor.user.getName(), color: editor.user.getColor() }), [editor]);
  const others = useValue("collaborators", () => editor.getCollaborators(), [editor]);
  const following = useValue("following", () => editor.getInstanceState().followingUserId, [editor]);
  return (
    <section className="cs-who" aria-label="Who is here" data-testid="who-is-here">
      <ul>
        <li>
          <span className="cs-who__dot" style={{ background: me.color }} aria-hidden="true" />
          <span className="cs-who__name">{me.name} (you)</span>
        </li>
        {others.map((p) => (
          <li key={p.userId} data-testid="collaborator">
            <span className="cs-who__dot" style={{ background: p.color }} aria-hidden="true" />
            <span className="cs-who__name">{p.userName}</span>
            {following === p.userId ? (
              <button type="button" className="cs-who__follow" onClick={() => editor.stopFollowingUser()}>
                Stop following
              </button>
            ) : (
              <button
                type="button"
                className="cs-who__follow"
                onClick={() => editor.startFollowingUser(p.userId)}
              >
                Follow
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
